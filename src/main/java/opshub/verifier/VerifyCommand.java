package opshub.verifier;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import opshub.merkle.Checkpoint;
import opshub.merkle.NoteVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Checks that an export holds exactly the events the signed checkpoints commit to. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify an NDJSON export (from position 1) against signed checkpoints.")
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--export", required = true, description = "NDJSON export file")
    Path export;

    @Option(names = "--checkpoint", required = true,
            description = "signed checkpoint note; repeat for several")
    List<Path> checkpoints;

    @Option(names = "--key", required = true, description = "file holding the verifier key")
    Path key;

    @Override
    public Integer call() throws Exception {
        NoteVerifier verifier = TrustedInputs.key(key);
        List<Checkpoint> trusted = new ArrayList<>();
        try {
            for (Path note : checkpoints) {
                trusted.add(TrustedInputs.checkpoint(verifier, note));
            }
        } catch (FindingException e) {
            return VerifierMain.report(spec.commandLine().getOut(), null, e);
        }

        ExportCheck.Report report;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(export), 1 << 16)) {
            report = ExportCheck.run(in, trusted);
        }
        return report.finding().isPresent()
                ? fail(report.finding().get())
                : VerifierMain.report(spec.commandLine().getOut(), summary(report), null);
    }

    private int fail(Finding finding) {
        spec.commandLine().getOut().println("FAILED: " + finding);
        return VerifierMain.FAILED;
    }

    private String summary(ExportCheck.Report report) {
        long unsigned = report.records() - report.verifiedSize();
        return report.records() + " events match " + checkpoints.size()
                + " signed checkpoint(s) up to tree size " + report.verifiedSize()
                + (unsigned > 0 ? "; the " + unsigned + " events after it are not yet signed"
                        : "");
    }
}
