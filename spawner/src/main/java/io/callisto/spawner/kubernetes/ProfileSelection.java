package io.callisto.spawner.kubernetes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a user's options select among the configured profiles. User options are KubeSpawner's:
 * {@code profile} names the profile by slug; each option of that profile is named by its name and
 * holds a choice's slug; a typed value goes in {@code <option>--unlisted-choice} (with the option
 * itself absent or {@code unlisted_choice}). Whatever is not given takes the default. Any other
 * key, or a value that no choice or pattern allows, is refused with a message naming it.
 *
 * @param profile   the chosen profile's slug; empty when no profiles are configured
 * @param choices   each option's name and what was chosen (a slug, or the typed value)
 * @param overrides the profile's overrides followed by those of each choice, in option order
 */
public record ProfileSelection(Optional<String> profile, Map<String, String> choices, Overrides overrides) {

    /** No profiles configured: options change nothing. */
    public static final ProfileSelection NONE = new ProfileSelection(Optional.empty(), Map.of(), Overrides.NONE);

    public ProfileSelection {
        choices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(choices));
    }

    /**
     * @param profiles    the configured profiles; when empty, any options are accepted and change nothing
     * @param userOptions what the user sent (form or REST API)
     * @throws InvalidUserOptionException naming the first option at fault
     */
    public static ProfileSelection resolve(List<Profile> profiles, Map<String, String> userOptions) {
        if (profiles.isEmpty()) {
            return NONE;
        }
        Profile profile = chosenProfile(profiles, userOptions.get("profile"));
        Set<String> allowed = new TreeSet<>(Set.of("profile"));
        profile.options().forEach(option -> {
            allowed.add(option.name());
            option.freeText().ifPresent(text -> allowed.add(option.name() + ProfileOption.FREE_TEXT_SUFFIX));
        });
        for (String key : new TreeSet<>(userOptions.keySet())) {
            if (!allowed.contains(key)) {
                throw new InvalidUserOptionException(key, "Unknown user option '" + key + "' for profile '" + profile.slug()
                        + "'; it takes: " + String.join(", ", allowed));
            }
        }
        Map<String, String> choices = new LinkedHashMap<>();
        Overrides overrides = profile.overrides();
        for (ProfileOption option : profile.options()) {
            Chosen chosen = choose(option, userOptions);
            choices.put(option.name(), chosen.value());
            overrides = overrides.then(chosen.overrides());
        }
        return new ProfileSelection(Optional.of(profile.slug()), choices, overrides);
    }

    private record Chosen(String value, Overrides overrides) {
    }

    private static Profile chosenProfile(List<Profile> profiles, String slug) {
        if (slug == null) {
            return Profile.defaultOf(profiles);
        }
        return profiles.stream().filter(p -> p.slug().equals(slug)).findFirst()
                .orElseThrow(() -> new InvalidUserOptionException("profile", "Unknown profile '" + slug + "'; choose one of: "
                        + profiles.stream().map(Profile::slug).collect(Collectors.joining(", "))));
    }

    private static Chosen choose(ProfileOption option, Map<String, String> userOptions) {
        String name = option.name();
        String value = userOptions.get(name);
        String typed = userOptions.get(name + ProfileOption.FREE_TEXT_SUFFIX);
        if (typed != null && (value == null || value.equals(ProfileOption.FREE_TEXT_CHOICE))) {
            ProfileOption.FreeText freeText = option.freeText().orElseThrow();
            if (!freeText.accepts(typed)) {
                throw new InvalidUserOptionException(name + ProfileOption.FREE_TEXT_SUFFIX, "User option '" + name
                        + ProfileOption.FREE_TEXT_SUFFIX + "': '" + printable(typed) + "' is not allowed; it must match "
                        + freeText.pattern());
            }
            return new Chosen(typed, freeText.overrides().withValue(typed));
        }
        if (typed != null) {
            throw new InvalidUserOptionException(name, "User option '" + name + "' names the choice '" + value
                    + "' and '" + name + ProfileOption.FREE_TEXT_SUFFIX + "' a typed value: give one of them");
        }
        if (value == null) {
            return option.defaultChoice().map(choice -> new Chosen(choice.slug(), choice.overrides()))
                    .orElseThrow(() -> new InvalidUserOptionException(name, "User option '" + name
                            + ProfileOption.FREE_TEXT_SUFFIX + "' is required: type a value for " + option.displayName()));
        }
        return option.choices().stream().filter(choice -> choice.slug().equals(value)).findFirst()
                .map(choice -> new Chosen(choice.slug(), choice.overrides()))
                .orElseThrow(() -> new InvalidUserOptionException(name, "User option '" + name + "': unknown choice '"
                        + printable(value) + "'; choose one of: " + option.choices().stream().map(ProfileOption.Choice::slug)
                        .collect(Collectors.joining(", "))
                        + (option.freeText().isPresent() ? ", or type a value in '" + name + ProfileOption.FREE_TEXT_SUFFIX + "'" : "")));
    }

    /** At most 80 characters of a user's value, without control characters, for messages. */
    private static String printable(String value) {
        String clean = value.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() <= 80 ? clean : clean.substring(0, 77) + "...";
    }
}
