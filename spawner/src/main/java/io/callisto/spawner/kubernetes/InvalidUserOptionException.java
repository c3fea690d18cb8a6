package io.callisto.spawner.kubernetes;

/** A user option that no profile allows; the message names the option and says what would do. */
public class InvalidUserOptionException extends IllegalArgumentException {

    private final String option;

    public InvalidUserOptionException(String option, String message) {
        super(message);
        this.option = option;
    }

    /** The user option at fault, e.g. {@code profile} or {@code image--unlisted-choice}. */
    public String option() {
        return option;
    }
}
