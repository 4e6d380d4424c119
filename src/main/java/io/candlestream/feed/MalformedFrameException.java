package io.candlestream.feed;

/**
 * A live frame or history response that does not parse as the feed's protocol says. Carries an excerpt of the bad
 * input and what was expected, so the log line alone tells what went wrong.
 */
public final class MalformedFrameException extends Exception {

    private static final int EXCERPT_CHARS = 200;

    private final String excerpt;

    public MalformedFrameException(String expected, String input, Throwable cause) {
        super(expected + "; got: " + excerpt(input), cause);
        this.excerpt = excerpt(input);
    }

    public MalformedFrameException(String expected, String input) {
        this(expected, input, null);
    }

    /** At most the first 200 characters of the bad input. */
    public String excerpt() {
        return excerpt;
    }

    /** At most the first 200 characters of {@code input}, marked when cut. */
    public static String excerpt(String input) {
        if (input == null) {
            return "<null>";
        }
        return input.length() <= EXCERPT_CHARS ? input : input.substring(0, EXCERPT_CHARS) + "…";
    }
}
