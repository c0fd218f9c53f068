package io.zapsocket.protocol.json;

import com.fasterxml.jackson.core.io.NumberOutput;

import java.math.BigDecimal;

/**
 * ECMAScript {@code Number::toString} for finite doubles (ECMA-262 §6.1.6.1.20), as used by {@code JSON.stringify}.
 *
 * <p>The shortest round-trip digits come from jackson-core's Schubfach implementation. That algorithm (like Java 19+
 * {@code Double.toString}) may pick a closer two-digit decimal when a one-digit one would also round-trip
 * ({@code 4.9E-324} vs JavaScript's {@code 5e-324}); this only happens for subnormals and is corrected here so the
 * digit count is minimal as ECMAScript requires. Java 17's own {@code Double.toString} is not used: it is not always
 * shortest ({@code 2.0E-3}, {@code 1.0E23}).
 *
 * <p>Stateless and thread-safe.
 */
final class JsNumber {

    /** Every integer of magnitude up to 2^53 is exact, and its plain digits are also its shortest form. */
    private static final double MAX_SAFE_PLUS_ONE = 9007199254740992.0;

    private JsNumber() {
    }

    /**
     * Appends {@code d} as JavaScript would print it inside JSON: {@code null} for NaN and the infinities, {@code 0}
     * for negative zero.
     */
    static void appendJson(double d, StringBuilder out) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            out.append("null");
            return;
        }
        if (d >= -MAX_SAFE_PLUS_ONE && d <= MAX_SAFE_PLUS_ONE && d == Math.rint(d)) {
            out.append((long) d); // covers -0.0 -> "0"
            return;
        }
        if (d < 0) {
            out.append('-');
            d = -d;
        }
        appendPositive(d, out);
    }

    /** Returns {@code String(d)} for a finite {@code d}; {@code "null"} for NaN and the infinities (JSON form). */
    static String toJsonString(double d) {
        StringBuilder sb = new StringBuilder(24);
        appendJson(d, sb);
        return sb.toString();
    }

    private static void appendPositive(double d, StringBuilder out) {
        // Schubfach yields "ddd.ddd" or "d.dddE[-]nn" with the shortest digits (modulo the subnormal case below).
        String s = NumberOutput.toString(d, true); // true: Schubfach (the JDK 19+ algorithm), through the exported API
        int len = s.length();
        int ePos = s.indexOf('E');
        int mantEnd = ePos < 0 ? len : ePos;
        int exp = ePos < 0 ? 0 : Integer.parseInt(s, ePos + 1, len, 10);

        char[] digits = new char[mantEnd];
        int k = 0;
        int pointPos = -1;
        for (int i = 0; i < mantEnd; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                pointPos = k;
            } else {
                digits[k++] = c;
            }
        }
        if (pointPos < 0) {
            pointPos = k;
        }
        // value = 0.digits[start..k) * 10^n after dropping leading zeros
        int start = 0;
        while (start < k - 1 && digits[start] == '0') {
            start++;
            pointPos--;
        }
        while (k - 1 > start && digits[k - 1] == '0') {
            k--;
        }
        int n = pointPos + exp;
        int count = k - start;

        if (count == 2 && d < Double.MIN_NORMAL) {
            // Schubfach prefers the closest of the 1- and 2-digit candidates; ECMAScript wants the fewest digits.
            int d1 = digits[start] - '0';
            int one = shortestSingleDigit(d, d1, n);
            if (one != 0) {
                if (one == 10) {
                    digits[start] = '1';
                    n++;
                } else {
                    digits[start] = (char) ('0' + one);
                }
                k = start + 1;
                count = 1;
            }
        }
        format(digits, start, count, n, out);
    }

    /**
     * With the shortest two-digit form {@code 0.d1 d2 * 10^n}, returns the single digit (10 meaning {@code 1 * 10^n})
     * that also rounds to {@code d}, the closest one if both do, or 0 if neither does.
     */
    private static int shortestSingleDigit(double d, int d1, int n) {
        int lo = d1;
        int hi = d1 + 1;
        boolean loOk = lo != 0 && Double.parseDouble(lo + "E" + (n - 1)) == d;
        boolean hiOk = Double.parseDouble(hi + "E" + (n - 1)) == d;
        if (loOk && hiOk) {
            BigDecimal exact = new BigDecimal(d);
            BigDecimal distLo = exact.subtract(new BigDecimal(lo + "E" + (n - 1))).abs();
            BigDecimal distHi = new BigDecimal(hi + "E" + (n - 1)).subtract(exact).abs();
            int cmp = distLo.compareTo(distHi);
            if (cmp != 0) {
                return cmp < 0 ? lo : hi;
            }
            return (lo & 1) == 0 ? lo : hi;
        }
        return loOk ? lo : hiOk ? hi : 0;
    }

    /** ECMA-262 Number::toString steps 6-12 for digits {@code s} (k = count digits) and decimal point position n. */
    private static void format(char[] s, int start, int k, int n, StringBuilder out) {
        if (k <= n && n <= 21) {
            out.append(s, start, k);
            for (int i = k; i < n; i++) {
                out.append('0');
            }
        } else if (0 < n && n <= 21) {
            out.append(s, start, n).append('.').append(s, start + n, k - n);
        } else if (-6 < n && n <= 0) {
            out.append("0.");
            for (int i = n; i < 0; i++) {
                out.append('0');
            }
            out.append(s, start, k);
        } else {
            int e = n - 1;
            out.append(s[start]);
            if (k > 1) {
                out.append('.').append(s, start + 1, k - 1);
            }
            out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
    }
}
