package org.parley.delivery;

import org.parley.archive.ArchiveReader;
import org.parley.archive.Post;
import org.parley.archive.PostId;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.jobs.PermanentJobFailure;

/**
 * A post with its group, as a delivery job finds them; a job whose post or group is gone fails for
 * good.
 */
record PostInGroup(Post post, Group group) {

  static PostInGroup find(ArchiveReader archive, GroupStore groups, PostId postId)
      throws PermanentJobFailure {
    Post post =
        archive
            .post(postId)
            .orElseThrow(() -> new PermanentJobFailure("there is no post " + postId));
    Group group =
        groups
            .findById(post.groupId())
            .orElseThrow(() -> new PermanentJobFailure("there is no group " + post.groupId()));
    return new PostInGroup(post, group);
  }
}
