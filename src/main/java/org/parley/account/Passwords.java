package org.parley.account;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Password hashing with argon2id (RFC 9106), the one home of password4j. Parameters follow RFC 9106
 * §4's second recommended option scaled to a small server: 64 MiB, 3 passes, 1 lane. The encoded
 * hash carries its parameters, so they can be raised later without breaking old hashes.
 */
public final class Passwords {
  private final Argon2Function argon2;

  public Passwords() {
    this(65_536, 3);
  }

  /** Cheaper parameters, for tests and benchmarks that create many accounts. */
  public Passwords(int memoryKiB, int iterations) {
    this.argon2 = Argon2Function.getInstance(memoryKiB, iterations, 1, 32, Argon2.ID);
  }

  public String hash(String password) {
    return Password.hash(password).addRandomSalt(16).with(argon2).getResult();
  }

  public boolean verify(String password, String hash) {
    if (hash == null || hash.isEmpty() || password == null) {
      return false;
    }
    try {
      return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
    } catch (RuntimeException e) {
      return false;
    }
  }
}
