package io.callisto.hub.ipython;

import io.callisto.hub.config.HubConfig;
import java.util.Map;

/**
 * What a single-user server's environment needs so that its kernels load the Callisto IPython
 * extension. {@code CALLISTO_IPYTHON} ({@code on}/{@code off}) is read by the kernel launcher and the
 * extension, so it also switches the extension in an image that installs it. {@code JUPYTER_PATH} puts
 * Callisto's {@code python3} kernelspec ({@code <image-dir>/share/jupyter/kernels/python3}) ahead of the
 * system's; its launcher finds the extension next to it, in {@code <image-dir>/src}. Off: no
 * {@code JUPYTER_PATH}, so kernels are the system's and keep IPython's own history files.
 */
public final class KernelEnvironment {

    public static final String SWITCH = "CALLISTO_IPYTHON";

    private KernelEnvironment() {
    }

    public static Map<String, String> of(HubConfig.IPython config) {
        if (!config.enabled()) {
            return Map.of(SWITCH, "off");
        }
        String share = config.imageDir().toAbsolutePath().normalize().resolve("share").resolve("jupyter").toString();
        return Map.of(SWITCH, "on", "JUPYTER_PATH", share);
    }
}
