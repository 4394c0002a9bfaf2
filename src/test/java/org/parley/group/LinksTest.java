package org.parley.group;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinksTest {
  @Test
  void writesThePathsOfAGroupsPages() {
    assertThat(Links.group("news")).isEqualTo("/g/news/");
    assertThat(Links.newTopic("news")).isEqualTo("/g/news/new");
    assertThat(Links.join("news")).isEqualTo("/g/news/join");
    assertThat(Links.leave("news")).isEqualTo("/g/news/leave");
    assertThat(Links.topic("news", 7)).isEqualTo("/g/news/t/7/");
    assertThat(Links.anchor(42)).isEqualTo("#p42");
    assertThat(Links.post("news", 7, 42)).isEqualTo("/g/news/t/7/#p42");
    assertThat(Links.postAction("news", 42, "forward")).isEqualTo("/g/news/p/42/forward");
    assertThat(Links.rawPost("news", 42)).isEqualTo("/g/news/p/42/raw");
    assertThat(Links.unsubscribe("00ff")).isEqualTo("/u/00ff");
  }

  @Test
  void encodesMessageIdsAndFileNames() {
    assertThat(Links.permalink("news", "a+b/c@x.example"))
        .isEqualTo("/g/news/m/a%2Bb/c@x.example/");
    assertThat(Links.raw("news", "a b@x")).isEqualTo("/g/news/m/a%20b@x/raw");
    assertThat(Links.attachment("news", 42, 1, "a/b é.txt"))
        .isEqualTo("/g/news/p/42/a/1/a%2Fb%20%C3%A9.txt");
  }
}
