package org.parley.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.parley.group.ListAddresses.Kind;
import org.parley.group.ListAddresses.Parsed;

class ListAddressesTest {
  private final ListAddresses addresses = new ListAddresses("Lists.Example.org");
  private final GroupName news = new GroupName("news");

  @Test
  void writesEachAddressOfAGroup() {
    assertThat(addresses.domain()).isEqualTo("lists.example.org");
    assertThat(addresses.post(news)).isEqualTo("news@lists.example.org");
    assertThat(addresses.owner(news)).isEqualTo("news-owner@lists.example.org");
    assertThat(addresses.bounces(news)).isEqualTo("news-bounces@lists.example.org");
    assertThat(addresses.bounces(news, "00ff")).isEqualTo("news-bounces+00ff@lists.example.org");
    assertThat(addresses.leave(news, "00ff")).isEqualTo("news-leave+00ff@lists.example.org");
    assertThat(addresses.listId(news)).isEqualTo("news.lists.example.org");
  }

  @Test
  void readsBackWhatItWrites() {
    assertThat(addresses.parse(addresses.post(news)))
        .contains(new Parsed(news, Kind.POST, Optional.empty()));
    assertThat(addresses.parse(addresses.owner(news)))
        .contains(new Parsed(news, Kind.OWNER, Optional.empty()));
    assertThat(addresses.parse(addresses.bounces(news)))
        .contains(new Parsed(news, Kind.BOUNCES, Optional.empty()));
    assertThat(addresses.parse(addresses.bounces(news, "00ff")))
        .contains(new Parsed(news, Kind.BOUNCES, Optional.of("00ff")));
    assertThat(addresses.parse(addresses.leave(news, "00ff")))
        .contains(new Parsed(news, Kind.LEAVE, Optional.of("00ff")));
  }

  @Test
  void aProbesReturnPathIsABounceAddressWhoseTokenSaysProbe() {
    assertThat(addresses.probe(news, "00ff"))
        .isEqualTo("news-bounces+probe-00ff@lists.example.org");
    assertThat(addresses.parse(addresses.probe(news, "00ff")))
        .contains(new Parsed(news, Kind.BOUNCES, Optional.of("probe-00ff")));
    assertThat(ListAddresses.isToken("probe-00ff")).isFalse(); // never a member's token
    assertThat(addresses.feedback()).isEqualTo("feedback@lists.example.org");
  }

  @Test
  void readsTheCommandAddressesOfOtherListServers() {
    for (Kind kind :
        new Kind[] {Kind.REQUEST, Kind.JOIN, Kind.SUBSCRIBE, Kind.UNSUBSCRIBE, Kind.CONFIRM}) {
      assertThat(kind.command()).isTrue();
      assertThat(addresses.parse("news" + kind.suffix() + "@lists.example.org"))
          .contains(new Parsed(news, kind, Optional.empty()));
    }
    assertThat(Kind.OWNER.command()).isFalse();
  }

  @Test
  void ignoresCaseAnglesAndSpaceAndReadsTheLocalPartInLowerCase() {
    assertThat(addresses.parse(" <News-Bounces+00FF@LISTS.example.ORG> "))
        .contains(new Parsed(news, Kind.BOUNCES, Optional.of("00ff")));
    assertThat(addresses.parse("NEWS-OWNER@lists.example.org"))
        .contains(new Parsed(news, Kind.OWNER, Optional.empty()));
  }

  @Test
  void readsNothingOfAnotherDomainOrNoAddress() {
    assertThat(addresses.parse("news@elsewhere.example")).isEmpty();
    assertThat(addresses.parse("news@example.org")).isEmpty();
    assertThat(addresses.parse("news-bounces+00ff@sub.lists.example.org")).isEmpty();
    assertThat(addresses.parse("news")).isEmpty();
    assertThat(addresses.parse("@lists.example.org")).isEmpty();
    assertThat(addresses.parse(null)).isEmpty();
    assertThat(addresses.isOurs("LISTS.EXAMPLE.ORG")).isTrue();
    assertThat(addresses.isOurs("example.org")).isFalse();
  }

  @Test
  void anUnknownSuffixIsPartOfTheGroupsName() {
    assertThat(addresses.parse("news-admin@lists.example.org"))
        .contains(new Parsed(new GroupName("news-admin"), Kind.POST, Optional.empty()));
    assertThat(addresses.parse("news-digest+x@lists.example.org"))
        .contains(new Parsed(new GroupName("news-digest"), Kind.POST, Optional.of("x")));
  }

  @Test
  void noGroupsNameEndsInASuffixSoEveryAddressReadsOneWay() {
    for (Kind kind : Kind.values()) {
      if (kind != Kind.POST) {
        assertThatThrownBy(() -> new GroupName("news" + kind.suffix()))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(ListAddresses.RESERVED_SUFFIXES).contains(kind.suffix());
      }
    }
    // "news-owner-owner" would be the owner of "news-owner", which cannot exist
    assertThat(addresses.parse("news-owner-owner@lists.example.org")).isEmpty();
    // a name that merely contains a suffix is a name
    assertThat(addresses.parse("news-owners@lists.example.org"))
        .contains(new Parsed(new GroupName("news-owners"), Kind.POST, Optional.empty()));
    assertThat(addresses.parse("news-owners-owner@lists.example.org"))
        .contains(new Parsed(new GroupName("news-owners"), Kind.OWNER, Optional.empty()));
  }

  @Test
  void readsWhatFollowsTheFirstPlusAsTheTokenAndLeavesItsCheckToTheCaller() {
    assertThat(addresses.parse("news-leave+@lists.example.org"))
        .contains(new Parsed(news, Kind.LEAVE, Optional.of("")));
    assertThat(addresses.parse("news-bounces+a+b@lists.example.org"))
        .contains(new Parsed(news, Kind.BOUNCES, Optional.of("a+b")));
    assertThat(addresses.parse("news-bounces+a.b@lists.example.org").flatMap(Parsed::token))
        .contains("a.b");
    assertThat(ListAddresses.isToken("00ff")).isTrue();
    assertThat(ListAddresses.isToken("00FF")).isTrue();
    assertThat(ListAddresses.isToken("")).isFalse();
    assertThat(ListAddresses.isToken("a.b")).isFalse();
    assertThat(ListAddresses.isToken("a".repeat(129))).isFalse();
    assertThat(ListAddresses.isToken(null)).isFalse();
  }

  @Test
  void refusesToWriteAMalformedToken() {
    for (String bad : new String[] {"", "a+b", "a@b", "a b", "é", "a".repeat(129)}) {
      assertThatThrownBy(() -> addresses.bounces(news, bad))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> addresses.leave(news, bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
