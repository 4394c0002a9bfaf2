package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.group.Group;
import org.parley.ingest.IngestResult;
import org.parley.moderation.Chain;
import org.parley.moderation.HeldMessages;
import org.parley.moderation.Screen;

/**
 * A web post the group's chain holds (here: requests to leave, which the site's chain refuses) is
 * kept and answered with a page saying it waits for a moderator, not posted; approved, it is.
 */
class HeldWebPostIT {
  @TempDir Path dir;
  WebSite web;

  @AfterEach
  void tearDown() {
    web.close();
  }

  @Test
  void aHeldWebPostIsKeptAndTheAuthorToldItWaitsForAModerator() throws Exception {
    web =
        new WebSite(
            dir,
            Map.of(),
            Screen.standard()
                .withChains(g -> Chain.of(g).with("administrivia", Chain.Action.HOLD)));
    Group news = web.group("news", true);
    web.member(news, "ada@example.com", "Ada Lovelace");
    WebClient ada = web.client();
    ada.login("ada@example.com", WebSite.PASSWORD);

    HttpResponse<String> r =
        ada.submit(
            "/g/news/new",
            "/g/news/new",
            Map.of("subject", "unsubscribe", "body", "Please.", "action", "post"));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.body())
        .contains("Your post waits for a moderator")
        .contains("kept for a moderator of the group");
    assertThat(web.site.reader().postCount(news.id())).isZero();
    HeldMessages.Held held = web.site.held().list(Optional.empty()).get(0);
    assertThat(held.origin().source()).isEqualTo("web");
    assertThat(held.subject()).isEqualTo("unsubscribe");
    assertThat(held.hits()).extracting(h -> h.rule()).containsExactly("administrivia");

    assertThat(web.site.ingestor().approve(held.id())).isInstanceOf(IngestResult.Accepted.class);
    assertThat(web.site.reader().postCount(news.id())).isEqualTo(1);
  }
}
