package org.parley.mime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The defects found while parsing one message, in the order met, each said once. A broken message
 * can repeat the same fault thousands of times (say, every line of a base64 body), so only the
 * first {@value #MAX} distinct defects are kept. One instance serves one parse.
 */
final class Defects {

  /** How many distinct defects are kept. */
  static final int MAX = 50;

  private final Set<String> seen = new LinkedHashSet<>();
  private int dropped;

  /** Records a defect, a sentence for a person. */
  void add(String defect) {
    if (seen.size() < MAX) {
      seen.add(defect);
    } else if (!seen.contains(defect)) {
      dropped++;
    }
  }

  /** The defects recorded, with a last line saying how many more were left out. */
  List<String> list() {
    List<String> all = new ArrayList<>(seen);
    if (dropped > 0) {
      all.add(dropped + " more defects were not recorded");
    }
    return all;
  }
}
