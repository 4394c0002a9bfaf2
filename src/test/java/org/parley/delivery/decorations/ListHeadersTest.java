package org.parley.delivery.decorations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.delivery.decorations.TestCopies.ADDRESSES;
import static org.parley.delivery.decorations.TestCopies.BASE_URL;
import static org.parley.delivery.decorations.TestCopies.ORIGIN;
import static org.parley.delivery.decorations.TestCopies.group;
import static org.parley.delivery.decorations.TestCopies.header;
import static org.parley.delivery.decorations.TestCopies.message;

import org.junit.jupiter.api.Test;
import org.parley.mime.EditableMessage;

class ListHeadersTest {
  @Test
  void theListsFieldsReplaceAnyAnotherListAdded() throws Exception {
    EditableMessage copy =
        message(
            "List-Id: Other <other.lists.example.net>",
            "From: a@example.com",
            "list-unsubscribe: <mailto:other-leave@lists.example.net>",
            "",
            "b");
    new ListHeaders(ADDRESSES, () -> BASE_URL).apply(group(), ORIGIN, copy);
    assertThat(header(copy))
        .isEqualTo(
            "From: a@example.com\r\n"
                + "List-Id: News & Views <news.lists.example.org>\r\n"
                + "List-Post: <mailto:news@lists.example.org>\r\n"
                + "List-Archive: <https://lists.example.org/g/news/>\r\n"
                + "List-Help: <https://lists.example.org/g/news/>\r\n"
                + "List-Subscribe: <https://lists.example.org/g/news/>\r\n"
                + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
                + "List-Owner: <mailto:news-owner@lists.example.org>\r\n");
  }

  @Test
  void aGroupWithoutTitleIsNamedByItsNameAndTheBaseUrlIsReadEachTime() throws Exception {
    String[] url = {"http://localhost:1"};
    ListHeaders headers = new ListHeaders(ADDRESSES, () -> url[0]);
    EditableMessage first = message("From: a@example.com", "", "b");
    headers.apply(group(), ORIGIN, first);
    url[0] = "http://localhost:2";
    EditableMessage second = message("From: a@example.com", "", "b");
    headers.apply(group(" ", "author", "", ""), ORIGIN, second);
    assertThat(header(first)).contains("List-Archive: <http://localhost:1/g/news/>");
    assertThat(header(second))
        .contains("List-Id: news <news.lists.example.org>")
        .contains("List-Archive: <http://localhost:2/g/news/>");
  }
}
