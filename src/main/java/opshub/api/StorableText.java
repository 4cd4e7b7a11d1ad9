package opshub.api;

import java.util.Optional;

/**
 * Text PostgreSQL can store: {@code text} and {@code jsonb} refuse NUL characters, and
 * unpaired UTF-16 surrogates have no UTF-8 form.
 */
public final class StorableText {

    private StorableText() {
    }

    /** {@code text} with every NUL and unpaired surrogate replaced by U+FFFD. */
    public static String repair(String text) {
        if (problem(text).isEmpty()) {
            return text;
        }
        StringBuilder repaired = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                repaired.append(c).append(text.charAt(++i));
            } else {
                repaired.append(c == '\u0000' || Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return repaired.toString();
    }

    /** Why {@code text} cannot be stored, with the offending character and index; empty if it can. */
    public static Optional<String> problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return Optional.of("contains a NUL character (\\u0000) at index " + i
                        + ", which cannot be stored");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(String.format(
                        "contains an unpaired UTF-16 surrogate \\u%04x at index %d", (int) c, i));
            }
        }
        return Optional.empty();
    }
}
