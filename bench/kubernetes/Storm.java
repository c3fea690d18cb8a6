import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 1,000-user spawn storm against a running hub (see run.sh, which starts everything and runs this
 * with {@code java Storm.java}). Standard library only.
 *
 * <p>Creates the users, warms the probe's path up ({@link #WARM_UP_PROBES}), then sends every
 * {@code POST /hub/api/users/{name}/server?wait=0} at once, and until all servers are ready (or
 * nothing changed for {@code STALL} seconds): probes the API every 50 ms with
 * {@code GET /hub/api/users/{probe}} and records its latency, counts ready servers every 500 ms
 * ({@code GET /hub/api/users?state=ready}, pagination envelope), and samples the hub's CPU time, RSS
 * and its event loops' waits for a CPU from {@code /proc} every 250 ms. Prints a table and writes a
 * JSON line to the results file.
 *
 * <p>Usage: {@code java Storm.java <base-url> <admin-token> <users> <hub-pid> <results.jsonl>}
 */
public class Storm {

    static final Duration STALL = Duration.ofSeconds(60);
    /** Probes slower than the goal (hub API p99 at most 100 ms) are logged with when they were sent. */
    static final double SLOW_PROBE_MILLIS = 100;
    /**
     * Probes sent before the storm and not measured: the first requests of a path load its classes and
     * run it interpreted, which is the JVM's start, not the storm. (The start path gets no such warm-up.)
     */
    static final int WARM_UP_PROBES = 50;
    static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");

    public static void main(String[] args) throws Exception {
        String base = args[0].replaceAll("/$", "");
        String token = args[1];
        int users = Integer.parseInt(args[2]);
        long hubPid = Long.parseLong(args[3]);
        Path results = Path.of(args[4]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpClient probeClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        List<String> names = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            names.add(String.format("storm-%04d", i));
        }
        for (int i = 0; i < users; i += 500) {
            List<String> batch = names.subList(i, Math.min(users, i + 500));
            String body = "{\"usernames\": [" + String.join(",", batch.stream().map(n -> "\"" + n + "\"").toList()) + "]}";
            HttpResponse<String> created = http.send(request(base + "/hub/api/users", token)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("creating users answered " + created.statusCode() + ": " + created.body());
            }
        }
        String probe = names.get(0);
        log("created " + users + " users");
        for (int i = 0; i < WARM_UP_PROBES; i++) {
            probeClient.send(request(base + "/hub/api/users/" + probe, token).GET().build(), HttpResponse.BodyHandlers.discarding());
        }

        Sampler sampler = new Sampler(hubPid);
        List<Double> probeMillis = new CopyOnWriteArrayList<>();
        AtomicBoolean storming = new AtomicBoolean(true);
        long t0 = System.nanoTime();
        Thread prober = new Thread(() -> {
            while (storming.get()) {
                long start = System.nanoTime();
                try {
                    HttpResponse<Void> answer = probeClient.send(request(base + "/hub/api/users/" + probe, token).GET().build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (answer.statusCode() == 200) {
                        double millis = (System.nanoTime() - start) / 1e6;
                        probeMillis.add(millis);
                        if (millis > SLOW_PROBE_MILLIS) {
                            log("slow probe: " + round(millis) + " ms, sent at " + round((start - t0) / 1e9) + " s");
                        }
                    }
                    Thread.sleep(50);
                } catch (IOException | InterruptedException e) {
                    probeMillis.add((System.nanoTime() - start) / 1e6);
                }
            }
        }, "probe");

        sampler.start();
        prober.start();
        Map<Integer, Integer> postStatuses = new ConcurrentHashMap<>();
        List<Double> postMillis = new CopyOnWriteArrayList<>();
        List<CompletableFuture<?>> posts = new ArrayList<>();
        for (String name : names) {
            long sent = System.nanoTime();
            posts.add(http.sendAsync(request(base + "/hub/api/users/" + name + "/server?wait=0", token)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((answer, error) -> {
                        postMillis.add((System.nanoTime() - sent) / 1e6);
                        postStatuses.merge(error == null ? answer.statusCode() : -1, 1, Integer::sum);
                    }));
        }
        CompletableFuture.allOf(posts.stream().map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new)).join();
        double postsDone = (System.nanoTime() - t0) / 1e9;
        log("all " + users + " start requests answered after " + round(postsDone) + " s: " + new TreeMap<>(postStatuses));

        int ready = 0;
        int lastReady = -1;
        long lastChange = System.nanoTime();
        double allReady = Double.NaN;
        while (true) {
            ready = count(http, base, token, "ready");
            if (ready != lastReady) {
                lastReady = ready;
                lastChange = System.nanoTime();
                log("ready: " + ready + " at " + round((System.nanoTime() - t0) / 1e9) + " s");
            }
            if (ready >= users) {
                allReady = (System.nanoTime() - t0) / 1e9;
                break;
            }
            if (System.nanoTime() - lastChange > STALL.toNanos()) {
                log("no progress for " + STALL.toSeconds() + " s; giving up");
                break;
            }
            Thread.sleep(500);
        }
        storming.set(false);
        prober.join();
        sampler.stop();
        int active = count(http, base, token, "active");

        List<Double> sorted = sorted(probeMillis);
        List<Double> postSorted = sorted(postMillis);
        Map<String, String> row = new java.util.LinkedHashMap<>();
        row.put("users", Integer.toString(users));
        row.put("ready", Integer.toString(ready));
        row.put("failed_or_missing", Integer.toString(users - active));
        row.put("all_ready_s", Double.isNaN(allReady) ? "null" : round(allReady));
        row.put("start_requests_answered_s", round(postsDone));
        row.put("start_request_p50_ms", round(percentile(postSorted, 50)));
        row.put("start_request_p99_ms", round(percentile(postSorted, 99)));
        row.put("probe_requests", Integer.toString(sorted.size()));
        row.put("probe_p50_ms", round(percentile(sorted, 50)));
        row.put("probe_p99_ms", round(percentile(sorted, 99)));
        row.put("probe_max_ms", round(percentile(sorted, 100)));
        row.put("hub_cpu_s", round(sampler.cpuSeconds()));
        row.put("hub_cpu_avg_cores", round(sampler.cpuSeconds() / sampler.wallSeconds()));
        row.put("hub_rss_before_mib", round(sampler.rssBeforeMib()));
        row.put("hub_rss_peak_mib", round(sampler.rssPeakMib()));
        List<Double> runnableInBurst = sorted(sampler.runnableInBurst);
        List<Double> runnable = sorted(sampler.runnable);
        row.put("hub_event_loop_cpu_wait_first_5s_pct", round(sampler.eventLoopWaitInBurstPercent()));
        row.put("hub_event_loop_cpu_wait_pct", round(sampler.eventLoopWaitPercent()));
        row.put("runnable_threads_first_5s_p50", round(percentile(runnableInBurst, 50)));
        row.put("runnable_threads_first_5s_max", round(percentile(runnableInBurst, 100)));
        row.put("runnable_threads_p50", round(percentile(runnable, 50)));
        System.out.println();
        System.out.printf("%-38s %s%n", "measure", "value");
        row.forEach((key, value) -> System.out.printf("%-38s %s%n", key, value));
        StringBuilder json = new StringBuilder("{");
        row.forEach((key, value) -> json.append(json.length() > 1 ? ", " : "").append('"').append(key).append("\": ")
                .append(value.matches("-?[0-9.]+|null") ? value : "\"" + value + "\""));
        json.append(", \"start_statuses\": \"").append(new TreeMap<>(postStatuses)).append("\"}");
        Files.writeString(results, json + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    static HttpRequest.Builder request(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120)).header("Authorization", "token " + token);
    }

    /** How many users have a server in {@code state} (JupyterHub's ready / active filters). */
    static int count(HttpClient http, String base, String token, String state) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(request(base + "/hub/api/users?state=" + state + "&limit=1", token)
                .header("Accept", "application/jupyterhub-pagination+json").GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher total = TOTAL.matcher(answer.body());
        if (answer.statusCode() != 200 || !total.find()) {
            throw new IllegalStateException("counting " + state + " servers answered " + answer.statusCode() + ": " + answer.body());
        }
        return Integer.parseInt(total.group(1));
    }

    static List<Double> sorted(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }

    static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static String round(double value) {
        return Double.isNaN(value) ? "null" : String.format(java.util.Locale.ROOT, "%.1f", value);
    }

    static void log(String message) {
        System.err.printf("[storm %tT] %s%n", System.currentTimeMillis(), message);
    }

    /**
     * Samples a process's CPU time (utime + stime) and RSS from /proc every 250 ms, and whether its
     * event loops got a CPU when they had work: their time running and waiting in the run queue
     * (schedstat, at the start, after {@link #BURST} and at the end), and the threads runnable on the
     * whole machine at each sample (procs_running in /proc/stat).
     */
    static final class Sampler {
        /** The storm's first seconds, while the start requests arrive at once. */
        static final Duration BURST = Duration.ofSeconds(5);
        final long pid;
        final long ticksPerSecond = 100;
        volatile boolean running = true;
        volatile double cpuStart;
        volatile double cpuEnd;
        volatile double rssBefore;
        volatile double rssPeak;
        long wallStart;
        long wallEnd;
        Thread thread;
        volatile Schedule loopsStart;
        volatile Schedule loopsAfterBurst;
        volatile Schedule loopsEnd;
        final List<Double> runnableInBurst = new CopyOnWriteArrayList<>();
        final List<Double> runnable = new CopyOnWriteArrayList<>();

        Sampler(long pid) {
            this.pid = pid;
        }

        void start() throws IOException {
            cpuStart = cpu();
            rssBefore = rss();
            rssPeak = rssBefore;
            loopsStart = eventLoops();
            wallStart = System.nanoTime();
            thread = new Thread(() -> {
                while (running) {
                    try {
                        rssPeak = Math.max(rssPeak, rss());
                        double threads = runnableThreads();
                        runnable.add(threads);
                        if (System.nanoTime() - wallStart < BURST.toNanos()) {
                            runnableInBurst.add(threads);
                        } else if (loopsAfterBurst == null) {
                            loopsAfterBurst = eventLoops();
                        }
                        Thread.sleep(250);
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            }, "sampler");
            thread.start();
        }

        void stop() throws IOException, InterruptedException {
            running = false;
            thread.join();
            cpuEnd = cpu();
            loopsEnd = eventLoops();
            wallEnd = System.nanoTime();
        }

        /** Of the time the event loops had work in the storm's first seconds, the percentage they waited for a CPU. */
        double eventLoopWaitInBurstPercent() {
            return loopsAfterBurst == null ? Double.NaN : loopsAfterBurst.minus(loopsStart).waitPercent();
        }

        /** As {@link #eventLoopWaitInBurstPercent}, over the whole storm. */
        double eventLoopWaitPercent() {
            return loopsEnd.minus(loopsStart).waitPercent();
        }

        /** The sum of the schedstat times of the process's Vert.x event-loop threads (which live as long as it does). */
        Schedule eventLoops() throws IOException {
            Schedule sum = new Schedule(0, 0);
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        if (Files.readString(task.resolve("comm")).startsWith("vert.x-eventloo")) {
                            String[] times = Files.readString(task.resolve("schedstat")).trim().split(" ");
                            sum = sum.plus(new Schedule(Long.parseLong(times[0]), Long.parseLong(times[1])));
                        }
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // a thread that ended while listed: not an event loop
                    }
                }
            }
            return sum;
        }

        /** Threads runnable on the machine now (running or waiting for a CPU), this sampler included. */
        static double runnableThreads() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("procs_running ")) {
                    return Double.parseDouble(line.substring("procs_running ".length()).trim());
                }
            }
            throw new IOException("/proc/stat has no procs_running line");
        }

        double cpuSeconds() {
            return cpuEnd - cpuStart;
        }

        double wallSeconds() {
            return (wallEnd - wallStart) / 1e9;
        }

        double rssBeforeMib() {
            return rssBefore;
        }

        double rssPeakMib() {
            return rssPeak;
        }

        /** Nanoseconds a set of threads spent on a CPU and waiting in the run queue for one. */
        record Schedule(long runNanos, long waitNanos) {
            Schedule plus(Schedule other) {
                return new Schedule(runNanos + other.runNanos, waitNanos + other.waitNanos);
            }

            Schedule minus(Schedule other) {
                return new Schedule(runNanos - other.runNanos, waitNanos - other.waitNanos);
            }

            double waitPercent() {
                long busy = runNanos + waitNanos;
                return busy == 0 ? Double.NaN : 100.0 * waitNanos / busy;
            }
        }

        /** utime + stime in seconds (fields 14 and 15 of /proc/pid/stat, after the command in parentheses). */
        double cpu() throws IOException {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) ticksPerSecond;
        }

        /** VmRSS in MiB. */
        double rss() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
            return 0;
        }
    }
}
