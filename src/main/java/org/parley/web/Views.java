package org.parley.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/**
 * Renders the precompiled jte templates of {@code src/main/jte} (the one home of jte). Each
 * template takes one typed model record, never a map.
 */
public final class Views {
  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  /** Renders {@code template} with {@code model} as the HTML answer of {@code ctx}. */
  public void render(Context ctx, String template, Object model) {
    ctx.contentType("text/html; charset=utf-8").result(render(template, model));
  }

  public String render(String template, Object model) {
    StringOutput out = new StringOutput();
    engine.render(template, model, out);
    return out.toString();
  }
}
