using Microsoft.AspNetCore.Mvc;

namespace SmartGov.Web.Pages.Applications;

/// <summary>
/// /applications/portal.css: the few styles of the applicant's pages (the receipt's print layout above all). The site's
/// content security policy allows only same-origin style sheets, so they are served here rather than inline.
/// </summary>
[ResponseCache(Duration = 3600)]
public sealed class PortalCssModel : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
{
    public const string Css = """
        .fieldset { border: 1px solid var(--line, #ccc); padding: 1rem; margin: 0 0 1.5rem; }
        .fieldset > legend { font-weight: 700; padding: 0 .25rem; }
        .material .hint span + span::before { content: " · "; }
        .tag { font-weight: 700; }
        .staged { margin: .25rem 0; }
        .staged::before { content: "✔ "; color: #1e7040; }
        .actions { display: flex; gap: 1rem; flex-wrap: wrap; margin-top: 1rem; }
        .hash { word-break: break-all; font-size: .85em; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .supplement { border-left: 6px solid #b03a2e; padding-left: 1rem; margin: 1.5rem 0; }
        .receipt { border: 2px solid #333; padding: 1.5rem; max-width: 48rem; background: #fff; }
        .receipt__head { text-align: center; border-bottom: 2px solid #333; margin-bottom: 1rem; }
        .receipt__head h1 { margin: 0; letter-spacing: .3em; }
        .receipt__sub { margin: .25rem 0 .75rem; }
        .receipt__body { display: flex; flex-wrap: wrap; gap: 1.5rem; justify-content: space-between; align-items: flex-start; }
        .receipt__qr { margin: 0; text-align: center; max-width: 14rem; word-break: break-all; }
        .receipt__qr img { background: #fff; border: 1px solid #ccc; }
        .receipt__foot { margin-top: 1.5rem; font-size: .9em; }
        .track-result { margin-top: 1.5rem; }
        @media print {
            .site-header, .site-nav, .site-footer, .skip-link, .no-print { display: none !important; }
            body { background: #fff; color: #000; }
            main { padding: 0; }
            .receipt { border: 0; max-width: none; padding: 0; }
            a { color: #000; text-decoration: none; }
            .sup-light { border: 1px solid #000; }
        }
        """;

    public ContentResult OnGet() => Content(Css, "text/css; charset=utf-8");
}
