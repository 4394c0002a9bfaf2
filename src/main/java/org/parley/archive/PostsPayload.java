package org.parley.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.parley.jobs.PermanentJobFailure;

/**
 * The payload of the {@link ArchiveWriter#INDEX index} and {@link ArchiveWriter#DISTRIBUTE
 * distribute} jobs: the ids of the posts one group commit archived, comma-separated in the jobs
 * table ({@code 12,13,14}), as every earlier version wrote them. It lives here, with the kinds,
 * because the archive enqueues these jobs while their handlers live in packages above it.
 *
 * @param posts one post or more, in the order they were archived
 */
public record PostsPayload(List<PostId> posts) {
  public PostsPayload {
    posts = List.copyOf(posts);
    if (posts.isEmpty()) {
      throw new IllegalArgumentException("a job's payload names one post or more");
    }
  }

  /** The payload as the jobs table keeps it. */
  public String encode() {
    return posts.stream().map(p -> Long.toString(p.value())).collect(Collectors.joining(","));
  }

  /**
   * Reads a payload as {@link #encode} writes it (blanks around an id are allowed).
   *
   * @throws PermanentJobFailure for anything else: running such a job again cannot help
   */
  public static PostsPayload parse(String payload) throws PermanentJobFailure {
    List<PostId> posts = new ArrayList<>();
    for (String part : payload.split(",", -1)) {
      try {
        posts.add(new PostId(Long.parseLong(part.strip())));
      } catch (NumberFormatException e) {
        throw new PermanentJobFailure(
            "an index or distribute job's payload is post ids, comma-separated, not " + payload);
      }
    }
    return new PostsPayload(posts);
  }
}
