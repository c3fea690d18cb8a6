package io.callisto.spawner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The naming rules, by table. Expected hashes are the first 8 hex digits of SHA-256, computed apart. */
class KubernetesNamesTest {

    @ParameterizedTest(name = "slug of \"{0}\" is {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            alice                          | alice
            a-b                            | a-b
            2024student                    | 2024student
            abcdefghijklmnopqrstuvwxyz0123 | abcdefghijklmnopqrstuvwxyz0123
            a_b                            | a-b---648fa9b3
            -x                             | x---a4209624
            Alice                          | alice---3bc51062
            a--b                           | a-b---90827a2e
            Ünïcode@example.org            | unicode-example-org---9f7062f1
            ÄÖÜ                            | aou---1eccaaf0
            😀                             | x---f0443a34
            lab 2                          | lab-2---501ad537
            """)
    void slugsKeepValidNamesAndHashTheRest(String raw, String slug) {
        assertThat(KubernetesNames.slug(raw)).isEqualTo(slug);
        assertThat(KubernetesNames.isDnsLabel(slug)).isTrue();
        assertThat(KubernetesNames.isLabelValue(KubernetesNames.labelValue(raw))).isTrue();
    }

    @Test
    void aNameOf200CharactersBecomesAShortStemAndItsHash() {
        assertThat(KubernetesNames.slug("x".repeat(200))).isEqualTo("xxxxxxxxxxxxxxxxxxxx---aa20c23e");
        assertThat(KubernetesNames.slug("a".repeat(31))).hasSize(31).endsWith("---" + KubernetesNames.hash("a".repeat(31)))
                .startsWith("a".repeat(20));
    }

    @ParameterizedTest(name = "{0} / \"{1}\" with {2} is {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            alice | ""    | jupyter-{user_server}  | jupyter-alice
            alice | lab   | jupyter-{user_server}  | jupyter-alice--lab
            a_b   | lab 2 | jupyter-{user_server}  | jupyter-a-b---648fa9b3--lab-2---501ad537
            -x    | ""    | claim-{user}           | claim-x---a4209624
            alice | lab   | claim-{user}-{server}  | claim-alice-lab
            alice | ""    | claim-{user}-{server}  | claim-alice
            uuuuuuuuuuuuuuuuuuuuuuuuuuuuuu | ssssssssssssssssssssssssssssss | jupyter-{user_server} | jupyter-uuuuuuuuuuuuuuuuuuuuuuuuuuuuuu--ssssssssssss---b2e95595
            """)
    void templatesGiveDnsLabelsOfAtMost63Characters(String user, String server, String template, String name) {
        String made = KubernetesNames.fromTemplate(template, user, server);
        assertThat(made).isEqualTo(name);
        assertThat(KubernetesNames.isDnsLabel(made)).isTrue();
    }

    @Test
    void awkwardNamesThatLookAlikeGetDistinctPodNames() {
        List<String> users = List.of("a_b", "a-b", "a.b", "A_B", "a__b", "ä_b", "a-b---648fa9b3x", "-x", "x", "x-", "Ünïcode@example.org",
                "unicode@example.org", "x".repeat(200), "x".repeat(201), "x".repeat(199) + "y");
        Set<String> pods = new HashSet<>();
        for (String user : users) {
            for (String server : List.of("", "lab", "Lab", "lab--x")) {
                String pod = KubernetesNames.fromTemplate("jupyter-{user_server}", user, server);
                assertThat(KubernetesNames.isDnsLabel(pod)).as(pod).isTrue();
                assertThat(pods.add(pod)).as("%s of %s/%s is new", pod, user, server).isTrue();
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            jupyter                 | must contain {user} or {user_server}
            Jupyter-{user}          | must be lower-case letters
            jupyter_{user}          | must be lower-case letters
            jupyter.{user}          | must be lower-case letters
            -{user}                 | must be lower-case letters
            """)
    void templatesThatCannotGiveDnsLabelsAreRefused(String template, String message) {
        assertThatThrownBy(() -> KubernetesNames.requireValidTemplate(template)).hasMessageContaining(message)
                .hasMessageContaining(template);
    }
}
