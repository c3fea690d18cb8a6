package io.callisto.hub.pages;

import io.callisto.hub.api.Redirects;
import io.callisto.hub.auth.Caller;
import io.callisto.hub.auth.Identity;
import io.callisto.hub.ipython.Sizes;
import io.callisto.hub.ipython.VariableService;
import io.callisto.hub.users.User;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** {@code /hub/variables}: a person's {@code %store}d variables, with deleting (variables.js). Admins add {@code ?user=name}. */
@Path("/hub/variables")
@Produces(MediaType.TEXT_HTML)
public class StoredVariablesPage {

    @Inject
    Caller caller;

    @Inject
    Pages pages;

    @Inject
    VariableService variables;

    @Location("variables.html")
    Template page;

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** One row of the table; {@code updated} is ISO 8601, {@code updatedText} the same for people. */
    public record Row(String name, String type, String size, int bytes, String updated, String updatedText) {
    }

    @GET
    @Transactional
    public Response show(@QueryParam("user") String user) {
        Identity identity = caller.identity().filter(Identity::isUser).orElse(null);
        if (identity == null) {
            return Redirects.to("/hub/login?next=%2Fhub%2Fvariables");
        }
        User owner = IpythonPages.owner(identity, user);
        List<Row> rows = variables.list(owner).stream().map(v -> new Row(v.name(), v.typeName().isEmpty() ? "?" : v.typeName(),
                Sizes.human(v.size()), v.size(), v.updated().toString(), UTC.format(v.updated()))).toList();
        long total = rows.stream().mapToLong(Row::bytes).sum();
        return Pages.html(200, page.data("user", pages.user()).data("xsrf", HomePage.xsrf(identity))
                .data("owner", owner.name).data("own", owner.id == identity.id())
                .data("variables", rows).data("total", Sizes.human(total)));
    }
}
