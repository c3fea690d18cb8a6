package io.callisto.hub.pages;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.auth.Identity;
import io.callisto.hub.users.User;
import io.callisto.hub.users.UserNames;
import io.callisto.hub.users.UserService;

/** Whose IPython state the History and Stored variables pages show: the viewer's, or (admins) {@code ?user=}'s. */
final class IpythonPages {

    private IpythonPages() {
    }

    static User owner(Identity viewer, String requested) {
        String name = requested == null || requested.isBlank() ? viewer.name() : UserNames.normalise(requested);
        if (!viewer.may("read:ipython", name)) {
            throw ApiException.forbidden("You may not see the IPython history and stored variables of " + name);
        }
        return UserService.require(name);
    }
}
