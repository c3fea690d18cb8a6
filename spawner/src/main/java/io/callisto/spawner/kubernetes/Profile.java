package io.callisto.spawner.kubernetes;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One entry of the spawn form, as KubeSpawner's {@code profile_list} has them: a kind of server a
 * user may start ("Small", "GPU"), which changes the pod by its {@link Overrides} and offers
 * {@link ProfileOption options} to refine it.
 *
 * @param slug        what the user option {@code profile} names it by: {@code [a-z0-9][a-z0-9_-]*}
 * @param displayName the title shown in the form
 * @param description a sentence shown under the title; may be empty
 * @param isDefault   chosen when the user names no profile (else the first profile is)
 * @param overrides   what choosing it changes in the pod
 * @param options     further choices within the profile, in form order
 */
public record Profile(
        String slug,
        String displayName,
        String description,
        boolean isDefault,
        Overrides overrides,
        List<ProfileOption> options) {

    static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    /** @throws IllegalArgumentException for a slug that is not one, or options with the same name */
    public Profile {
        requireSlug("profile", slug);
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(overrides, "overrides");
        options = List.copyOf(options);
        Set<String> names = new HashSet<>();
        for (ProfileOption option : options) {
            if (!names.add(option.name())) {
                throw new IllegalArgumentException("profile '" + slug + "' has two options named '" + option.name() + "'");
            }
        }
    }

    static void requireSlug(String what, String slug) {
        if (slug == null || !SLUG.matcher(slug).matches() || slug.contains("--")) {
            throw new IllegalArgumentException(what + " slug '" + slug
                    + "' must be 1 to 63 of a-z, 0-9, '_' and '-' (no '--'), starting with a letter or digit");
        }
    }

    /** The profile chosen when none is named: the one marked default, else the first. */
    static Profile defaultOf(List<Profile> profiles) {
        return profiles.stream().filter(Profile::isDefault).findFirst().orElse(profiles.get(0));
    }

    /** @throws IllegalArgumentException for two profiles with one slug, or more than one default */
    static List<Profile> validList(List<Profile> profiles) {
        Set<String> slugs = new HashSet<>();
        for (Profile profile : profiles) {
            if (!slugs.add(profile.slug())) {
                throw new IllegalArgumentException("two profiles have the slug '" + profile.slug() + "'");
            }
        }
        if (profiles.stream().filter(Profile::isDefault).count() > 1) {
            throw new IllegalArgumentException("more than one profile is marked default");
        }
        return List.copyOf(profiles);
    }
}
