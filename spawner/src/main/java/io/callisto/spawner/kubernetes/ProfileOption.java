package io.callisto.spawner.kubernetes;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A choice within a profile (KubeSpawner's {@code profile_options}): "Image", "Memory". The user
 * picks one of the listed {@link Choice choices}, or, when the option has {@link FreeText}, types
 * a value that the option's regular expression accepts.
 *
 * @param name        what the user option is called: {@code [a-z0-9][a-z0-9_-]*}, not {@code profile}
 * @param displayName the label shown in the form
 * @param choices     the listed choices, in form order; may be empty when free text is allowed
 * @param freeText    whether and how a value may be typed
 */
public record ProfileOption(String name, String displayName, List<Choice> choices, Optional<FreeText> freeText) {

    /** Replaced by the typed value in a free-text choice's overrides. */
    public static final String VALUE_PLACEHOLDER = "{value}";
    /** The suffix of the user option that carries a typed value: {@code image--unlisted-choice}. */
    public static final String FREE_TEXT_SUFFIX = "--unlisted-choice";
    /** The value of the option itself that selects the typed value, as KubeSpawner's forms send it. */
    public static final String FREE_TEXT_CHOICE = "unlisted_choice";
    static final int MAX_FREE_TEXT = 256;

    /** @throws IllegalArgumentException for a bad name, no choice at all, two choices with one slug, two defaults */
    public ProfileOption {
        Profile.requireSlug("option", name);
        if (name.equals("profile")) {
            throw new IllegalArgumentException("an option may not be named 'profile': that user option names the profile");
        }
        Objects.requireNonNull(displayName, "displayName");
        choices = List.copyOf(choices);
        Objects.requireNonNull(freeText, "freeText");
        if (choices.isEmpty() && freeText.isEmpty()) {
            throw new IllegalArgumentException("option '" + name + "' has no choice and allows no free text");
        }
        Set<String> slugs = new HashSet<>();
        for (Choice choice : choices) {
            if (!slugs.add(choice.slug())) {
                throw new IllegalArgumentException("option '" + name + "' has two choices '" + choice.slug() + "'");
            }
        }
        if (choices.stream().filter(Choice::isDefault).count() > 1) {
            throw new IllegalArgumentException("option '" + name + "' marks more than one choice default");
        }
    }

    /** The choice taken when the user names none: the default one, else the first; empty for free text only. */
    Optional<Choice> defaultChoice() {
        return choices.stream().filter(Choice::isDefault).findFirst().or(() -> choices.stream().findFirst());
    }

    /**
     * A listed choice.
     *
     * @param slug        the value of the user option that picks it
     * @param displayName what the form shows
     * @param isDefault   taken when the user names no choice (else the first is)
     * @param overrides   what it changes in the pod, after its profile's overrides
     */
    public record Choice(String slug, String displayName, boolean isDefault, Overrides overrides) {
        public Choice {
            Profile.requireSlug("choice", slug);
            Objects.requireNonNull(displayName, "displayName");
            Objects.requireNonNull(overrides, "overrides");
        }
    }

    /**
     * A value the user types ("Other…" in the form), checked against {@code pattern} (the whole
     * value must match), at most {@value ProfileOption#MAX_FREE_TEXT} characters and without
     * control characters. Its overrides have {@value ProfileOption#VALUE_PLACEHOLDER} replaced by
     * the value, e.g. an image {@code {value}}.
     *
     * @param displayName the label of the text field
     * @param pattern     a Java regular expression
     * @param overrides   what it changes, with placeholders
     */
    public record FreeText(String displayName, String pattern, Overrides overrides) {
        public FreeText {
            Objects.requireNonNull(displayName, "displayName");
            Objects.requireNonNull(overrides, "overrides");
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException | NullPointerException e) {
                throw new IllegalArgumentException("free-text pattern '" + pattern + "' is not a regular expression");
            }
        }

        boolean accepts(String value) {
            return value.length() <= MAX_FREE_TEXT && value.chars().noneMatch(Character::isISOControl)
                    && Pattern.compile(pattern).matcher(value).matches();
        }
    }
}
