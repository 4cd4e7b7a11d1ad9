package opshub.projection;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the timestamps of recorded events. The ledger writes them with
 * {@link Instant#toString()}: {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, UTC, years 0001 to 9999.
 * That shape is read directly, which costs a fraction of {@link Instant#parse}; any other
 * text is left to {@code Instant.parse}, so the result is always the one it would give.
 */
final class RecordTimes {

    private static final int[] NANO_SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000,
        10_000, 1_000, 100, 10, 1};

    private RecordTimes() {
    }

    static Instant parse(String text) {
        Instant fast = parseWritten(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** The instant, or null when the text is not in the shape the writer uses. */
    private static Instant parseWritten(String text) {
        int length = text.length();
        if (length < 20 || length == 21 || length > 30 || text.charAt(length - 1) != 'Z'
                || !separators(text)) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = length == 20 ? 0 : fraction(text, 20, length - 1);
        // digits() and fraction() are negative on a non-digit, so these also check digits
        if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59 || nanos < 0) {
            return null;
        }
        if (day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second,
                nanos);
    }

    private static boolean separators(String text) {
        return text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':'
                && (text.length() == 20 || text.charAt(19) == '.');
    }

    /** The decimal value of text[from, to), or -1 if any character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** 1 to 9 fraction digits as nanoseconds, or -1. */
    private static int fraction(String text, int from, int to) {
        int count = to - from;
        if (count < 1 || count > 9) {
            return -1;
        }
        int value = digits(text, from, to);
        return value < 0 ? -1 : value * NANO_SCALE[count];
    }
}
