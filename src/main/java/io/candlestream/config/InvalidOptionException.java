package io.candlestream.config;

/** A command-line option with a value that is not allowed; the message names the option, the value and what is allowed. */
public final class InvalidOptionException extends IllegalArgumentException {

    private final String option;

    public InvalidOptionException(String option, String message) {
        super(option + ": " + message);
        this.option = option;
    }

    /** The option, with its dashes, e.g. {@code --intervals}. */
    public String option() {
        return option;
    }
}
