package opshub.stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The {@code opshub.stream.*} settings of the live event feed; README.md documents them. */
@ConfigMapping(prefix = "opshub.stream")
public interface StreamConfig {

    /** How often an idle stream sends a comment line, so proxies and clients see it alive. */
    @WithDefault("15s")
    Duration heartbeat();

    /**
     * How long a subscriber may leave its send buffer full before it is dropped; it then
     * resumes from its last event id, and the server holds nothing for it meanwhile.
     */
    @WithDefault("30s")
    Duration stallTimeout();
}
