package io.callisto.spawner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What user options select, and which are refused with which message. */
class ProfileSelectionTest {

    static final List<Profile> PROFILES = List.of(
            new Profile("small", "Small", "1 CPU, 2 GB", false, Overrides.builder().cpu("1", "1").memory("2Gi", "2Gi").build(),
                    List.of()),
            new Profile("datascience", "Data science", "Pick an image", true, Overrides.builder().memory("4Gi", "8Gi").build(),
                    List.of(new ProfileOption("image", "Image", List.of(
                            new ProfileOption.Choice("scipy", "SciPy", false,
                                    Overrides.builder().image("quay.io/jupyter/scipy-notebook:2025-01-06").build()),
                            new ProfileOption.Choice("pytorch", "PyTorch", true,
                                    Overrides.builder().image("quay.io/jupyter/pytorch-notebook:2025-01-06").build())),
                            Optional.of(new ProfileOption.FreeText("Other image", "quay\\.io/jupyter/[a-z-]+:[a-z0-9.-]+",
                                    Overrides.builder().image("{value}").environment(Map.of("CUSTOM_IMAGE", "{value}")).build()))),
                            new ProfileOption("memory", "Memory", List.of(
                                    new ProfileOption.Choice("m8", "8 GB", false, Overrides.builder().memory("8Gi", "8Gi").build()),
                                    new ProfileOption.Choice("m16", "16 GB", false, Overrides.builder().memory("16Gi", "16Gi").build())),
                                    Optional.empty()))),
            new Profile("gpu", "GPU", "", false, Overrides.builder().extraResources(Map.of("nvidia.com/gpu", "1")).build(),
                    List.of()));

    @Test
    void noOptionsSelectTheDefaultProfileAndItsDefaultChoices() {
        ProfileSelection selection = ProfileSelection.resolve(PROFILES, Map.of());

        assertThat(selection.profile()).contains("datascience");
        assertThat(selection.choices()).containsExactly(Map.entry("image", "pytorch"), Map.entry("memory", "m8"));
        assertThat(selection.overrides()).isEqualTo(Overrides.builder().image("quay.io/jupyter/pytorch-notebook:2025-01-06")
                .memory("8Gi", "8Gi").build());
    }

    @Test
    void aChosenProfileAndChoicesAddUpInOrder() {
        ProfileSelection selection = ProfileSelection.resolve(PROFILES,
                Map.of("profile", "datascience", "image", "scipy", "memory", "m16"));

        assertThat(selection.overrides()).isEqualTo(Overrides.builder().image("quay.io/jupyter/scipy-notebook:2025-01-06")
                .memory("16Gi", "16Gi").build());
        assertThat(ProfileSelection.resolve(PROFILES, Map.of("profile", "gpu")).overrides().extraResources())
                .containsExactly(Map.entry("nvidia.com/gpu", "1"));
    }

    @Test
    void aTypedValueThatMatchesIsPutInPlaceOfItsPlaceholder() {
        ProfileSelection selection = ProfileSelection.resolve(PROFILES,
                Map.of("image", "unlisted_choice", "image--unlisted-choice", "quay.io/jupyter/r-notebook:2025-01-06"));

        assertThat(selection.choices()).containsEntry("image", "quay.io/jupyter/r-notebook:2025-01-06");
        assertThat(selection.overrides().image()).contains("quay.io/jupyter/r-notebook:2025-01-06");
        assertThat(selection.overrides().environment()).containsExactly(Map.entry("CUSTOM_IMAGE", "quay.io/jupyter/r-notebook:2025-01-06"));
        assertThat(ProfileSelection.resolve(PROFILES, Map.of("image--unlisted-choice", "quay.io/jupyter/r-notebook:latest"))
                .overrides().image()).contains("quay.io/jupyter/r-notebook:latest");
    }

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            profile=huge                                    | profile               | Unknown profile 'huge'; choose one of: small, datascience, gpu
            profile=small,image=scipy                       | image                 | Unknown user option 'image' for profile 'small'; it takes: profile
            colour=blue                                     | colour                | Unknown user option 'colour' for profile 'datascience'; it takes: image, image--unlisted-choice, memory, profile
            image=tensorflow                                | image                 | User option 'image': unknown choice 'tensorflow'; choose one of: scipy, pytorch, or type a value in 'image--unlisted-choice'
            memory=m32                                      | memory                | User option 'memory': unknown choice 'm32'; choose one of: m8, m16
            memory--unlisted-choice=64Gi                    | memory--unlisted-choice | Unknown user option 'memory--unlisted-choice' for profile 'datascience'; it takes: image, image--unlisted-choice, memory, profile
            image--unlisted-choice=docker.io/evil:latest    | image--unlisted-choice | User option 'image--unlisted-choice': 'docker.io/evil:latest' is not allowed; it must match quay\\.io/jupyter/[a-z-]+:[a-z0-9.-]+
            image=scipy,image--unlisted-choice=quay.io/jupyter/r-notebook:1 | image | User option 'image' names the choice 'scipy' and 'image--unlisted-choice' a typed value: give one of them
            """)
    void optionsNoProfileAllowsAreRefusedNamingTheOption(String options, String option, String message) {
        Map<String, String> userOptions = new java.util.LinkedHashMap<>();
        for (String pair : options.split(",")) {
            String[] parts = pair.split("=", 2);
            userOptions.put(parts[0], parts[1]);
        }

        assertThatThrownBy(() -> ProfileSelection.resolve(PROFILES, userOptions))
                .isInstanceOfSatisfying(InvalidUserOptionException.class, e -> assertThat(e.option()).isEqualTo(option))
                .hasMessage(message);
    }

    @Test
    void aTypedValueWithAControlCharacterOrTooLongIsRefused() {
        assertThatThrownBy(() -> ProfileSelection.resolve(PROFILES, Map.of("image--unlisted-choice", "quay.io/jupyter/a:b\n")))
                .hasMessageContaining("'quay.io/jupyter/a:b?' is not allowed");
        String huge = "quay.io/jupyter/" + "a".repeat(300) + ":1";
        assertThatThrownBy(() -> ProfileSelection.resolve(PROFILES, Map.of("image--unlisted-choice", huge)))
                .hasMessageContaining("...' is not allowed");
    }

    @Test
    void withoutProfilesAnyOptionsAreAcceptedAndChangeNothing() {
        assertThat(ProfileSelection.resolve(List.of(), Map.of("anything", "goes"))).isEqualTo(ProfileSelection.NONE);
    }

    @Test
    void profilesThatCannotWorkAreRefusedWhenConfigured() {
        assertThatThrownBy(() -> new Profile("Big", "Big", "", false, Overrides.NONE, List.of()))
                .hasMessageContaining("profile slug 'Big'");
        assertThatThrownBy(() -> new ProfileOption("profile", "Profile", List.of(), Optional.empty()))
                .hasMessageContaining("may not be named 'profile'");
        assertThatThrownBy(() -> new ProfileOption("image", "Image", List.of(), Optional.empty()))
                .hasMessageContaining("no choice");
        assertThatThrownBy(() -> new ProfileOption.FreeText("Other", "([", Overrides.NONE))
                .hasMessageContaining("is not a regular expression");
        assertThatThrownBy(() -> KubernetesSpawnerSettings.builder("jhub").profiles(List.of(PROFILES.get(0), PROFILES.get(0))).build())
                .hasMessageContaining("two profiles have the slug 'small'");
        assertThatThrownBy(() -> Overrides.builder().memory("lots", null).build())
                .hasMessageContaining("memory guarantee 'lots' is not a Kubernetes quantity");
        assertThatThrownBy(() -> Overrides.builder().environment(Map.of("JUPYTERHUB_API_TOKEN", "x")).build())
                .hasMessageContaining("may not set JUPYTERHUB_API_TOKEN");
    }
}
