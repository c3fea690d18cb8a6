package io.callisto.hub.profiles;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.config.HubConfig;
import io.callisto.hub.kubernetes.KubernetesSettings;
import io.callisto.spawner.kubernetes.InvalidUserOptionException;
import io.callisto.spawner.kubernetes.Profile;
import io.callisto.spawner.kubernetes.ProfileSelection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/** The configured profiles; empty unless the spawner is Kubernetes' and profiles are configured. */
@ApplicationScoped
public class ProfileCatalog {

    @Inject
    HubConfig config;

    private List<Profile> profiles;

    @PostConstruct
    void load() {
        profiles = config.spawner().kind().equals("kubernetes")
                ? KubernetesSettings.profiles(config.spawner().kubernetes()) : List.of();
    }

    public List<Profile> profiles() {
        return profiles;
    }

    /**
     * Refuses user options that no profile allows (unknown profile, option or choice, a typed value
     * that does not match); without profiles any options pass, as JupyterHub's spawners ignore them.
     *
     * @throws ApiException 400, naming the option
     */
    public void validate(Map<String, String> userOptions) {
        try {
            ProfileSelection.resolve(profiles, userOptions);
        } catch (InvalidUserOptionException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** The profiles as the spawn form shows them. */
    public List<ProfileView> views() {
        String chosen = profiles.stream().filter(Profile::isDefault).findFirst().or(() -> profiles.stream().findFirst())
                .map(Profile::slug).orElse("");
        return profiles.stream().map(profile -> ProfileView.of(profile, profile.slug().equals(chosen))).toList();
    }
}
