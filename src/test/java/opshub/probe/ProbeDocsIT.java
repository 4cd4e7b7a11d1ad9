package opshub.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import opshub.testing.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * Every {@code sh} block of docs/probes.md, run in order with bash against the packaged
 * server on a fresh data directory, as a probe script would run it: each must exit 0.
 */
class ProbeDocsIT {

    private static final Path PAGE = Path.of("docs/probes.md");
    private static final Pattern SH_BLOCK = Pattern.compile("(?ms)^```sh\\n(.*?)^```");

    @Test
    void everyShellExampleRunsAgainstAServer() throws Exception {
        List<String> blocks = blocks(Files.readString(PAGE));
        assertTrue(blocks.size() >= 7, "docs/probes.md has its examples: " + blocks.size());

        Path dataDir = Files.createTempDirectory("opshub-docs-");
        try (ServerProcess server = ServerProcess.start(dataDir, Map.of()).awaitReady()) {
            Map<String, String> env = Map.of(
                    "OPSHUB", "http://localhost:" + server.port(),
                    "TOKEN", probeToken(server),
                    "ADMIN_TOKEN", ServerProcess.ADMIN_TOKEN);
            for (int i = 0; i < blocks.size(); i++) {
                run(i, blocks.get(i), env);
            }
        }
    }

    private static void run(int index, String script, Map<String, String> env)
            throws Exception {
        Path output = Files.createTempFile("probe-doc-", ".out");
        ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                .redirectErrorStream(true).redirectOutput(output.toFile());
        bash.environment().putAll(env);
        Process process = bash.start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertEquals(0, finished ? process.exitValue() : -1, "block " + index + " of "
                + PAGE + ":\n" + script + "\n--- output:\n" + Files.readString(output));
    }

    private static String probeToken(ServerProcess server) throws Exception {
        HttpResponse<String> created = server.post("/api/v1/tokens",
                "{\"name\":\"docs-probe\",\"role\":\"probe\"}");
        assertEquals(201, created.statusCode(), created.body());
        return new ObjectMapper().readTree(created.body()).get("token").asText();
    }

    static List<String> blocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher block = SH_BLOCK.matcher(markdown);
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }
}
