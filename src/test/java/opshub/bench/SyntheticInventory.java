package opshub.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import opshub.projection.SystemEvents;

/**
 * A made-up inventory of about {@code size} entities, mostly services and endpoints, with
 * relations between them as the reference inventory has them (an endpoint exposes a service
 * in an environment, a service is owned by a repo and backed by data stores, ...). Each
 * entity becomes the metadata of one {@code ops-entity-declared} event, shaped as the
 * Reconciler writes it.
 */
final class SyntheticInventory {

    /** Shares per 10,000 entities, in the order they are declared (targets before sources). */
    private static final Map<String, Integer> SHARES = shares();

    private final Random random;
    private final Map<String, List<String>> keys = new LinkedHashMap<>();
    private final List<ObjectNode> declarations = new ArrayList<>();
    private final List<String> endpointUrls = new ArrayList<>();

    private SyntheticInventory(Random random) {
        this.random = random;
    }

    static SyntheticInventory of(int size, Random random) {
        SyntheticInventory inventory = new SyntheticInventory(random);
        SHARES.forEach((kind, share) -> inventory.keys.put(kind, new ArrayList<>()));
        SHARES.forEach((kind, share) -> {
            int count = Math.max(1, (int) Math.round(size * share / 10_000.0));
            for (int i = 0; i < count; i++) {
                inventory.declarations.add(inventory.declare(kind, i));
            }
        });
        return inventory;
    }

    /** The declarations' metadata, in declaration order. */
    List<ObjectNode> declarations() {
        return declarations;
    }

    /** The keys of one kind (plural, as in {@code endpoints}). */
    List<String> keys(String kind) {
        return keys.get(kind);
    }

    /** The URL an endpoint declares, by the endpoint's index in {@code keys("endpoints")}. */
    String endpointUrl(int index) {
        return endpointUrls.get(index);
    }

    String pick(String kind) {
        List<String> of = keys.get(kind);
        return of.get(random.nextInt(of.size()));
    }

    private ObjectNode declare(String kind, int index) {
        String key = key(kind, index);
        keys.get(kind).add(key);
        ObjectNode metadata = SystemEvents.metadata();
        metadata.put("kind", kind);
        metadata.put("key", key);
        ObjectNode attributes = metadata.putObject("attributes");
        ObjectNode relations = metadata.putObject("relations");
        describe(kind, index, attributes, relations);
        return metadata;
    }

    private String key(String kind, int index) {
        return switch (kind) {
            case "environments" -> String.format("env-%02d", index);
            case "repos" -> String.format("team-%02d/repo-%04d", index % 40, index);
            case "hosts" -> String.format("host-%04d", index);
            case "clusters" -> String.format("k8s-%02d", index);
            case "datastores" -> String.format("pg-%04d", index);
            case "services" -> String.format("svc-%04d", index);
            case "installations" -> String.format("svc-%04d@env-%02d", index,
                    index % keys.get("environments").size());
            case "backups" -> String.format("backup-%04d", index);
            default -> String.format("ep-%05d", index);
        };
    }

    private void describe(String kind, int index, ObjectNode attributes, ObjectNode relations) {
        switch (kind) {
            case "environments" -> environment(index, attributes);
            case "hosts" -> host(index, attributes, relations);
            case "clusters" -> cluster(index, attributes, relations);
            case "datastores" -> datastore(index, attributes);
            case "services" -> service(index, attributes, relations);
            case "installations" -> installation(index, attributes, relations);
            case "backups" -> backup(index, attributes, relations);
            case "endpoints" -> endpoint(index, attributes, relations);
            default -> {
                // repos carry neither attributes nor relations, as in the reference
            }
        }
    }

    private void environment(int index, ObjectNode attributes) {
        attributes.put("role", index % 3 == 0 ? "Production" : "Staging and integration");
        attributes.put("state", "active");
        attributes.put("production", index % 3 == 0);
        attributes.put("address", address(index));
        attributes.put("notes", "Synthetic environment for the projection benchmark.");
    }

    private void host(int index, ObjectNode attributes, ObjectNode relations) {
        attributes.put("address", address(index));
        attributes.put("role", "Kubernetes worker node");
        attributes.putArray("knownGaps").add("drift tracking").add("backup/restore evidence");
        refs(relations, "environment", "environments", 1);
    }

    private void cluster(int index, ObjectNode attributes, ObjectNode relations) {
        attributes.put("name", "Cluster " + index);
        attributes.put("role", "Operational Kubernetes runtime");
        attributes.put("notes", "Hosts services of several teams.");
        refs(relations, "environment", "environments", 1);
        refs(relations, "hosts", "hosts", 3);
    }

    private void datastore(int index, ObjectNode attributes) {
        attributes.put("type", index % 4 == 0 ? "pvc" : "postgresql");
        attributes.put("location", "pvc/data-" + index + " on " + pick("hosts"));
    }

    private void service(int index, ObjectNode attributes, ObjectNode relations) {
        attributes.put("name", "Service " + index);
        attributes.putArray("currentEvidence").add("health endpoint answers")
                .add("deployed by Helm");
        attributes.putArray("knownGaps").add("restore never tested");
        refs(relations, "ownedBy", "repos", 1);
        refs(relations, "backedBy", "datastores", index % 3);
    }

    private void installation(int index, ObjectNode attributes, ObjectNode relations) {
        attributes.put("namespace", "ns-" + (index % 50));
        attributes.put("helmRelease", "release-" + index);
        attributes.put("appVersion", "1." + (index % 20) + "." + (index % 7));
        attributes.put("nodePort", 30_000 + index % 2_000);
        String key = keys.get("installations").get(index);
        relations.putArray("service").add("services/" + key.substring(0, key.indexOf('@')));
        relations.putArray("environment")
                .add("environments/" + key.substring(key.indexOf('@') + 1));
        refs(relations, "cluster", "clusters", 1);
        refs(relations, "host", "hosts", 1);
    }

    private void backup(int index, ObjectNode attributes, ObjectNode relations) {
        attributes.put("schedule", "0 " + (index % 24) + " * * *");
        attributes.put("location", "s3://ops-backups/backup-" + index);
        attributes.put("tool", index % 2 == 0 ? "pgbackrest" : "restic");
        refs(relations, "covers", "datastores", 1);
    }

    private void endpoint(int index, ObjectNode attributes, ObjectNode relations) {
        String service = keys.get("services").get(index % keys.get("services").size());
        String url = "https://" + service + ".apps.example.internal/api/health";
        endpointUrls.add(url);
        attributes.put("url", url);
        attributes.put("status", "active");
        ObjectNode expect = attributes.putObject("expect");
        expect.putArray("status").add(200);
        expect.putObject("headers").put("Content-Type", "application/json");
        attributes.put("probe", "blackbox-http");
        relations.putArray("exposes").add("services/" + service);
        refs(relations, "environment", "environments", 1);
    }

    private void refs(ObjectNode relations, String name, String kind, int count) {
        ArrayNode targets = relations.putArray(name);
        for (int i = 0; i < count; i++) {
            targets.add(kind + "/" + pick(kind));
        }
    }

    private static String address(int index) {
        return "10." + (index / 250) % 250 + "." + index % 250 + ".10";
    }

    private static Map<String, Integer> shares() {
        Map<String, Integer> shares = new LinkedHashMap<>();
        shares.put("environments", 20);
        shares.put("repos", 300);
        shares.put("hosts", 400);
        shares.put("clusters", 60);
        shares.put("datastores", 600);
        shares.put("services", 2_500);
        shares.put("installations", 1_500);
        shares.put("backups", 420);
        shares.put("endpoints", 4_200);
        return shares;
    }
}
