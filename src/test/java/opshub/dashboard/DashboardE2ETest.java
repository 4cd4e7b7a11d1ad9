package opshub.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.util.List;
import java.util.Map;
import opshub.security.Role;
import opshub.testing.Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard in headless Chromium, against the running server: sign-in, every page,
 * relation links, time travel, the live feed and in-browser proof verification. Each test
 * saves screenshots under target/e2e-screenshots/. Skipped when Chromium is not installed.
 */
@QuarkusTest
class DashboardE2ETest {

    private static final String REGISTRY_WIDGET = "ops-endpoint-gitea-registry";
    /** Each page, and an element that only that page's content has once loaded. */
    private static final Map<String, String> PAGES = new java.util.LinkedHashMap<>(Map.of(
            "overview", "#counts .card", "catalog", "#catalog-table tbody tr",
            "gaps", "#gap-matrix button", "readiness", ".gate .chart .uplot",
            "migration", ".wave .svc", "evidence", "#feed", "audit", "#public-key"));

    @TestHTTPResource("/")
    URL base;

    private Browser browser;

    @BeforeEach
    void openBrowser() throws Exception {
        Browser.assumeInstalled();
        browser = Browser.open(base.toString());
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void nothingIsShownWithoutAValidToken() {
        browser.driver().get(base.toString());
        browser.script("sessionStorage.clear()");
        browser.driver().navigate().refresh();
        assertTrue(browser.driver().findElement(By.id("login")).isDisplayed());
        assertFalse(browser.driver().findElement(By.id("nav")).isDisplayed());

        browser.type(By.id("token-input"), "not-a-token");
        browser.driver().findElement(By.id("login-button")).click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("login-error"), "not accepted"));
        assertTrue(browser.driver().findElements(By.id("page")).isEmpty());
        browser.screenshot("login-refused");
    }

    @Test
    void signedInEveryPageOpensAndTheTokenStaysOutOfTheUrl() {
        String token = Api.token(Role.READER);
        browser.signIn(token);
        WebElement counts = browser.driver().findElement(By.id("counts"));
        assertTrue(counts.getText().contains("services"), counts.getText());

        for (Map.Entry<String, String> entry : PAGES.entrySet()) {
            String page = entry.getKey();
            browser.driver().findElement(By.cssSelector("[data-nav='" + page + "']")).click();
            WebElement loaded = browser.awaitPage(page);
            assertTrue(loaded.findElements(By.cssSelector("[role='alert']")).isEmpty(),
                    page + " loaded without an error: " + loaded.getText());
            assertFalse(loaded.findElements(By.cssSelector(entry.getValue())).isEmpty(),
                    page + " shows " + entry.getValue());
            assertFalse(browser.driver().getCurrentUrl().contains(token));
            browser.screenshot("page-" + page);
        }
    }

    @Test
    void theCatalogSearchAndHealthFilterNarrowTheTable() {
        browser.signIn(Api.token(Role.READER));
        browser.go("#/catalog/services", "catalog");
        int all = rows();

        browser.type(By.id("catalog-search"), "gitea");
        assertEquals(3, rows(), "gitea, gitea-database, gitea-shared-storage");
        new org.openqa.selenium.support.ui.Select(browser.driver().findElement(
                By.id("catalog-health"))).selectByValue("failing");
        browser.driver().findElements(By.cssSelector("#catalog-table tbody .status"))
                .forEach(health -> assertEquals("failing", health.getText()));
        assertTrue(rows() <= 3);
        browser.screenshot("catalog-filtered");
        assertTrue(all >= 6, "the reference's six services at least: " + all);
    }

    @Test
    void theMigrationShowsWavesAsColumnsWithServiceCards() {
        browser.signIn(Api.token(Role.READER));
        browser.go("#/migration", "migration");
        List<WebElement> waves = browser.driver().findElements(By.cssSelector(
                "[data-wave]"));
        assertEquals(2, waves.size());
        assertTrue(waves.get(0).getText().contains("gitea-database"), waves.get(0).getText());
        assertTrue(waves.get(0).getText().contains("Blocked by"), waves.get(0).getText());
    }

    @Test
    void theFeedFilterHidesOtherEventTypes() {
        browser.signIn(Api.token(Role.READER));
        post(Api.referenceEvent(Api.freshWidget()));
        browser.go("#/evidence", "evidence");
        browser.await().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#feed li")));

        browser.type(By.id("feed-type"), "opshub.widget-registered");
        // the feed keeps arriving while the filter is typed: wait for the list to settle
        try {
            browser.await().ignoring(StaleElementReferenceException.class).until(d -> {
                List<WebElement> shown = d.findElements(By.cssSelector("#feed .event-type"));
                return !shown.isEmpty() && shown.stream()
                        .allMatch(t -> t.getText().equals("opshub.widget-registered"));
            });
        } finally {
            browser.screenshot("evidence-filtered");
        }
        assertTrue(browser.driver().findElements(By.cssSelector("#feed .event-type")).stream()
                .noneMatch(t -> t.getText().equals("ops-endpoint-verified")));
    }

    private int rows() {
        return browser.driver().findElements(By.cssSelector("#catalog-table tbody tr")).size();
    }

    @Test
    void aRelationLinkOpensTheRelatedEntity() {
        browser.signIn(Api.token(Role.READER));
        browser.go("#/catalog/services/gitea", "catalog");
        browser.driver().findElement(By.linkText("endpoints/gitea-registry")).click();

        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#page[data-ready='true'] code"), "endpoints/gitea-registry"));
        assertTrue(browser.driver().getCurrentUrl().endsWith("#/catalog/endpoints/gitea-registry"));
        browser.screenshot("entity-endpoint");
    }

    @Test
    void timeTravelBeforeTheFirstEvidenceShowsTheEndpointWithoutIt() {
        long posted = post(Api.referenceEvent(REGISTRY_WIDGET));
        String widgetId = Api.admin().get("/api/v1/widgets/" + REGISTRY_WIDGET)
                .then().statusCode(200).extract().path("id");
        long first = Api.as(Role.READER)
                .queryParam("eventType", "ops-endpoint-verified")
                .queryParam("widgetId", widgetId)
                .queryParam("limit", 1)
                .get("/api/v1/events")
                .then().statusCode(200)
                .extract().jsonPath().getLong("events[0].position");
        assertTrue(first <= posted);
        browser.signIn(Api.token(Role.READER));

        browser.go("#/catalog/endpoints/gitea-registry", "catalog");
        browser.await().until(d -> {
            d.navigate().refresh();
            browser.awaitPage("catalog");
            return !d.findElements(By.id("latest-evidence")).isEmpty();
        });
        browser.type(By.id("tt-value"), Long.toString(first - 1));
        browser.driver().findElement(By.id("tt-apply")).click();

        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("no-evidence")));
        WebElement banner = browser.driver().findElement(By.id("past-banner"));
        assertTrue(banner.isDisplayed());
        assertTrue(banner.getText().contains("position " + (first - 1)), banner.getText());
        browser.screenshot("time-travel-before-evidence");

        browser.driver().findElement(By.id("tt-now")).click();
        browser.await().until(ExpectedConditions.presenceOfElementLocated(By.id("latest-evidence")));
        assertFalse(browser.driver().findElement(By.id("past-banner")).isDisplayed());
    }

    @Test
    void aNewlyPostedEventAppearsInTheLiveFeed() {
        browser.signIn(Api.token(Role.READER));
        browser.go("#/evidence", "evidence");
        browser.await().until(ExpectedConditions.textToBe(By.id("feed-state"), "live"));

        long position = post(Api.referenceEvent(Api.freshWidget()));
        WebElement item = browser.await().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#feed li[data-position='" + position + "']")));
        assertTrue(item.getText().contains("ops-endpoint-verified"), item.getText());
        browser.screenshot("evidence-live");
    }

    @Test
    void verifyThisEventSucceedsAndFailsClearlyOnATamperedProof() {
        long position = post(Api.referenceEvent(Api.freshWidget()));
        Api.admin().post("/api/v1/ledger/checkpoints").then().statusCode(org.hamcrest.Matchers
                .anyOf(org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)));
        browser.signIn(Api.token(Role.AUDITOR));
        browser.go("#/audit", "audit");

        browser.type(By.id("verify-position"), Long.toString(position));
        browser.driver().findElement(By.id("verify-button")).click();
        WebElement result = browser.await().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#verify-result.result")));
        assertTrue(result.getAttribute("class").contains("ok"), result.getText());
        String steps = browser.driver().findElement(By.id("verify-steps")).getText();
        assertTrue(steps.contains("Ed25519 signature over the checkpoint verified"), steps);
        assertTrue(steps.contains("equals the signed root"), steps);
        browser.script("arguments[0].scrollIntoView()", result);
        browser.screenshot("verify-ok");

        browser.driver().findElement(By.id("verify-tamper")).click();
        browser.driver().findElement(By.id("verify-button")).click();
        browser.await().until(ExpectedConditions.attributeContains(By.id("verify-result"),
                "class", "fail"));
        String failure = browser.driver().findElement(By.id("verify-result")).getText();
        assertTrue(failure.startsWith("FAILED: root mismatch"), failure);
        browser.script("arguments[0].scrollIntoView()", browser.driver().findElement(
                By.id("verify-result")));
        browser.screenshot("verify-tampered");
    }

    @Test
    void aReaderTokenIsToldThatProofsNeedAnAuditor() {
        browser.signIn(Api.token(Role.READER));
        browser.go("#/audit", "audit");
        browser.driver().findElement(By.id("verify-button")).click();
        browser.await().until(ExpectedConditions.attributeContains(By.id("verify-result"),
                "class", "fail"));
        assertTrue(browser.driver().findElement(By.id("verify-result")).getText()
                .contains("need an auditor token"));
    }

    @Test
    void theGapMatrixWorksFromTheKeyboardAtPhoneWidth() {
        browser.signIn(Api.token(Role.READER));
        browser.resize(390, 844);
        browser.go("#/gaps", "gaps");
        assertEquals(Boolean.TRUE, browser.script(
                "return document.documentElement.scrollWidth <= window.innerWidth + 1"),
                "no sideways scrolling of the page itself at phone width");

        WebElement cell = browser.driver().findElement(By.cssSelector(
                "#gap-matrix button.gap"));
        browser.script("arguments[0].focus()", cell);
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        WebElement detail = browser.await().until(ExpectedConditions.visibilityOfElementLocated(
                By.id("gap-detail")));
        assertFalse(detail.getText().isBlank());
        browser.screenshot("gaps-phone");
        browser.go("#/overview", "overview");
        browser.screenshot("overview-phone");
    }

    @Test
    void theNavigationIsReachableWithTheTabKey() {
        browser.signIn(Api.token(Role.READER));
        browser.driver().navigate().refresh();
        browser.awaitPage("overview");
        WebElement active = null;
        for (int i = 0; i < 12; i++) {
            browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
            active = browser.driver().switchTo().activeElement();
            if ("Readiness".equals(active.getText())) {
                break;
            }
        }
        assertEquals("Readiness", active.getText());
        active.sendKeys(Keys.ENTER);
        browser.awaitPage("readiness");
    }

    private static long post(Map<String, Object> event) {
        return Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(event)
                .post("/api/v1/events")
                .then().statusCode(201)
                .extract().jsonPath().getLong("position");
    }
}
