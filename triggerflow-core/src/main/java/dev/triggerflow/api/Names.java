package dev.triggerflow.api;

/**
 * Validation of the names and ids that end up in storage keys, event subjects and logs: letters,
 * digits, and {@code . _ -}, at most 128 characters, starting with a letter or digit.
 */
public final class Names {
  /** The longest name or id accepted. */
  public static final int MAX_LENGTH = 128;

  private Names() {}

  /** Whether {@code value} is a valid name or id. */
  public static boolean isValid(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      return false;
    }
    if (!isLetterOrDigit(value.charAt(0))) {
      return false;
    }
    for (int i = 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!isLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /**
   * Returns {@code value} if it is a valid name or id.
   *
   * @param what what the value is, for the error message
   * @throws IllegalArgumentException saying what is wrong and what is allowed
   */
  public static String requireValid(String what, String value) {
    if (!isValid(value)) {
      throw new IllegalArgumentException(
          what
              + " "
              + describe(value)
              + " is not valid: use 1 to "
              + MAX_LENGTH
              + " letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return value;
  }

  private static String describe(String value) {
    if (value == null) {
      return "(missing)";
    }
    String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
    StringBuilder safe = new StringBuilder("'");
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      safe.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return safe.append("' (").append(value.length()).append(" characters)").toString();
  }
}
