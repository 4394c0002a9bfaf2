package org.parley.ingest;

import java.io.IOException;
import org.parley.group.Group;

/**
 * How large each member's copy of a post to a group would be (the delivery's decoration: list
 * fields, subject prefix, footer), so the door can refuse a post whose copies the relay would
 * refuse (issue 16, item 15).
 */
@FunctionalInterface
public interface CopySize {
  /**
   * @throws IOException when the message cannot be decorated (it is then left to the other checks)
   */
  long of(Group group, byte[] raw) throws IOException;
}
