package org.parley.mime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The one decoder of header text outside a parse: what delivery and the captured-mail view show.
 */
class HeaderTextTest {

  @Test
  void aCharacterSplitAcrossTwoEncodedWordsIsKept() {
    // "日本語のテスト" in UTF-8, cut after the first byte of 本
    assertThat(HeaderText.decode("=?UTF-8?B?5pel5g==?= =?UTF-8?B?nKzoqp7jga7jg4bjgrnjg4g=?="))
        .isEqualTo("日本語のテスト");
  }

  @Test
  void gb2312IsReadAsGbkAndItsAliasesAreKnown() {
    assertThat(HeaderText.decode("=?gb2312?B?pKq/?=\r\n =?gb2312?B?zZiUx+mI8w==?="))
        .isEqualTo("お客様情報");
    assertThat(HeaderText.decode("=?eucgb2312_cn?q?=B4=F0=B8=B4=3A_hello?="))
        .isEqualTo("答复: hello");
  }

  @Test
  void base64WithoutItsPaddingLosesNothing() {
    assertThat(HeaderText.decode("=?UTF-8?B?VEVTVA?=")).isEqualTo("TEST");
    assertThat(HeaderText.decode("=?NONE?B?VEVTVA=?=")).isEqualTo("TEST");
  }

  @Test
  void foldedPlainTextIsUnfoldedAndNullIsEmpty() {
    assertThat(HeaderText.decode("a long\r\n\tsubject")).isEqualTo("a long\tsubject");
    assertThat(HeaderText.decode(null)).isEmpty();
  }
}
