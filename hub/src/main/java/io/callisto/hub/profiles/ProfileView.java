package io.callisto.hub.profiles;

import io.callisto.spawner.kubernetes.Profile;
import io.callisto.spawner.kubernetes.ProfileOption;
import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * A profile as the spawn form shows it (template {@code spawn-options.html}).
 *
 * @param selected whether the form selects it at first: the default profile, else the first
 */
@TemplateData
public record ProfileView(String slug, String displayName, String description, boolean selected, List<OptionView> options) {

    static ProfileView of(Profile profile, boolean selected) {
        return new ProfileView(profile.slug(), profile.displayName(), profile.description(), selected,
                profile.options().stream().map(OptionView::of).toList());
    }

    /**
     * @param freeText      whether a value may be typed ("Other…")
     * @param freeTextLabel the label of the text field
     * @param pattern       what a typed value must match, as the form's {@code pattern} attribute
     */
    @TemplateData
    public record OptionView(String name, String displayName, List<ChoiceView> choices, boolean freeText, String freeTextLabel,
            String pattern) {

        static OptionView of(ProfileOption option) {
            String defaultSlug = option.choices().stream().filter(ProfileOption.Choice::isDefault).findFirst()
                    .or(() -> option.choices().stream().findFirst()).map(ProfileOption.Choice::slug).orElse("");
            return new OptionView(option.name(), option.displayName(), option.choices().stream()
                    .map(choice -> new ChoiceView(choice.slug(), choice.displayName(), choice.slug().equals(defaultSlug)))
                    .toList(), option.freeText().isPresent(),
                    option.freeText().map(ProfileOption.FreeText::displayName).orElse(""),
                    option.freeText().map(ProfileOption.FreeText::pattern).orElse(""));
        }
    }

    /** @param selected whether the form selects it at first */
    @TemplateData
    public record ChoiceView(String slug, String displayName, boolean selected) {
    }
}
