package io.callisto.hub.ipython;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Small IPython limits, so that tests reach them with small requests. */
public class IpythonLimitsProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("callisto.ipython.max-cell-size", "100",
                "callisto.ipython.max-history-size", "300",
                "callisto.ipython.max-value-size", "1K",
                "callisto.ipython.max-store-size", "1500",
                "callisto.ipython.max-results", "5");
    }
}
