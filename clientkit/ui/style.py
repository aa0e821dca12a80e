"""The apps' stylesheet: one ``<style>`` block, readable on a laptop and a phone."""

CSS = """
<style>
.ck-app { font-family: "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif;
  max-width: 1100px; margin: 0 auto; color: #1f2933; font-size: 15px; }
.ck-header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 10px 14px;
  background: #0b4f6c; color: #fff; border-radius: 6px; }
.ck-header h1 { font-size: 20px; margin: 0; flex: 1 1 auto; color: #fff; }
.ck-brand { font-weight: bold; opacity: .85; }
.ck-nav { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
.ck-nav a { color: #fff; text-decoration: underline; }
.ck-nav a[aria-current] { font-weight: bold; text-decoration: none; border-bottom: 2px solid #f9a825; }
.ck-user { background: rgba(255,255,255,.15); padding: 2px 8px; border-radius: 10px; }
.ck-menu-button { display: none; cursor: pointer; padding: 4px 10px; border: 1px solid rgba(255,255,255,.6);
  border-radius: 4px; user-select: none; }
.ck-menu-toggle { display: none; }
.ck-opening { position: fixed; top: 8px; left: 50%; transform: translateX(-50%); z-index: 1000;
  background: #0b4f6c; color: #fff; padding: 6px 16px; border-radius: 16px; box-shadow: 0 2px 6px rgba(0,0,0,.25); }
.ck-panel { padding: 10px 12px; border-radius: 6px; margin: 8px 0; line-height: 1.6; }
.ck-info { background: #e8f1f8; border-left: 4px solid #0b4f6c; }
.ck-ok { background: #e6f4ea; border-left: 4px solid #2e7d32; }
.ck-warn { background: #fff8e1; border-left: 4px solid #f9a825; }
.ck-error { background: #fdecea; border-left: 4px solid #c62828; }
.ck-scroll { overflow-x: auto; max-width: 100%; }
/* a report in an HTML widget: its wide tables scroll inside the page instead of widening it */
.ck-report-out > .widget-html-content { min-width: 0; flex: 1 1 auto; }
.ck-table { border-collapse: collapse; font-size: 14px; margin: 6px 0; }
.ck-table th, .ck-table td { border: 1px solid #d9e2ec; padding: 4px 8px; text-align: left; white-space: nowrap; }
/* long texts (a formula, a 处理建议) wrap instead of pushing later columns off a laptop screen;
   an ID number or a date has no break point inside, so it stays whole */
.ck-table td { white-space: normal; min-width: 3em; }
.ck-table th { background: #f0f4f8; }
.ck-table tr.ck-failed, .ck-table tr.ck-flagged { background: #fdecea; }
.ck-table tr.ck-stale, .ck-table tr.ck-short { background: #fff3cd; }
.ck-rule { border: 1px solid #d9e2ec; border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
.ck-rule-head { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.ck-id { font-weight: bold; color: #0b4f6c; }
.ck-tag { font-size: 12px; padding: 1px 6px; border-radius: 8px; background: #eee; }
.tag-v { background: #e6f4ea; } .tag-s { background: #e8f1f8; } .tag-p { background: #fff8e1; } .tag-h { background: #f3e5f5; }
.ck-source { font-size: 13px; color: #52606d; }
.ck-muted { color: #7b8794; font-size: 13px; }
.ck-good { color: #2e7d32; } .ck-bad { color: #c62828; } .ck-part { color: #b26a00; }
.ck-fb { border-left: 4px solid currentColor; padding: 6px 10px; margin: 6px 0; background: #fafbfc; }
.ck-fb div { color: #1f2933; }
.ck-score { font-size: 18px; font-weight: bold; margin: 8px 0; }
.ck-item { border-top: 1px solid #e4e7eb; padding-top: 8px; margin-top: 8px; }
.ck-item-prompt { font-weight: bold; margin-bottom: 4px; }
.ck-mastery { display: grid; grid-template-columns: minmax(140px, 2fr) 3fr 60px; gap: 8px; align-items: center; margin: 6px 0; }
.ck-bar { background: #e4e7eb; border-radius: 6px; height: 12px; overflow: hidden; }
.ck-fill { background: #f9a825; height: 100%; } .ck-fill.ck-done { background: #2e7d32; }
.ck-next { display: flex; flex-wrap: wrap; gap: 8px; margin: 6px 0; }
.ck-link-button { display: inline-block; padding: 6px 14px; border: 1px solid #0b4f6c; border-radius: 4px;
  color: #0b4f6c; text-decoration: none; }
.ck-link-button:hover { background: #e8f1f8; }
.ck-example-title { font-weight: bold; margin: 6px 0 2px; }
.ck-mastery a { color: #0b4f6c; text-decoration: underline; font-weight: bold; }
.ck-mastery a::after { content: " ›"; }
.ck-item-prompt, .ck-fb, .ck-panel { overflow-wrap: anywhere; }
.js-plotly-plot .modebar { display: none !important; }
/* an item left blank or answered in the wrong shape, named in the message beside the submit button */
.ck-invalid { box-shadow: inset 4px 0 0 #c62828; background: #fdf3f2; padding-left: 10px; }
/* the 自测 / class countdown stays in view while the paper scrolls (on a phone too) */
.ck-clock { position: relative; z-index: 20; overflow: visible !important; }
.ck-clock-inner { position: relative; z-index: 20; background: #fff; }
.ck-clock-inner[style*="translate"] .ck-panel { margin: 0; box-shadow: 0 2px 4px rgba(0,0,0,.15); }
@media (max-width: 600px) {
  .ck-app { font-size: 14px; }
  .ck-table, .ck-table tbody, .ck-table tr, .ck-table td { display: block; width: 100%; box-sizing: border-box; }
  .ck-table thead { display: none; }
  .ck-table tr { border: 1px solid #d9e2ec; border-radius: 6px; margin: 6px 0; padding: 4px 0; }
  .ck-table td { border: none; white-space: normal; overflow-wrap: anywhere; padding: 2px 8px; }
  .ck-table td[data-label]::before { content: attr(data-label) "："; color: #52606d; font-size: 13px; }
  .lm-TabBar-tab, .p-TabBar-tab { min-width: 0 !important; flex: 1 1 auto !important; padding: 0 6px !important; }
  /* more tabs than fit (主管看板 has 7): they wrap onto a second row with their whole labels */
  .ck-app .lm-TabBar-content, .ck-app .p-TabBar-content { flex-wrap: wrap; }
  .ck-app .lm-TabBar-tabLabel, .ck-app .p-TabBar-tabLabel { overflow: visible; text-overflow: clip; }
  .ck-app .widget-tab > .lm-TabBar, .ck-app .widget-tab > .p-TabBar { height: auto !important; max-height: none !important; }
  /* multi-select lists: the label above, the list as wide as the screen (long drill titles) */
  .ck-app .widget-select-multiple { flex-direction: column; align-items: stretch; }
  /* a 100%-wide control keeps ipywidgets' 2px side margins inside its box */
  .ck-app .widget-select-multiple, .ck-app .widget-text, .ck-app .widget-dropdown { max-width: calc(100% - 4px) !important; }
  .ck-app .widget-select-multiple > .widget-label { width: auto !important; max-width: none !important; text-align: left; }
  .ck-app .widget-select-multiple > select { width: 100% !important; flex: 0 0 auto; margin-left: 0; margin-right: 0;
    box-sizing: border-box; }
  /* tab labels wrap onto a second row rather than being cut (主管看板 has 7 tabs) */
  .lm-TabBar-content, .p-TabBar-content { flex-wrap: wrap !important; }
  .lm-TabBar, .p-TabBar { height: auto !important; max-height: none !important; }
  .lm-TabBar-tab, .p-TabBar-tab { min-width: 0 !important; flex: 1 0 auto !important; padding: 0 8px !important; }
  .widget-text input, .widget-dropdown select { max-width: 100%; }
  .ck-header h1 { font-size: 17px; flex-basis: 100%; }
  .ck-menu-button { display: inline-block; margin-left: auto; }
  .ck-header .ck-nav { display: none; flex-basis: 100%; flex-direction: column; align-items: stretch; gap: 0; }
  .ck-header .ck-nav a { padding: 10px 4px; border-top: 1px solid rgba(255,255,255,.2); }
  .ck-header:has(.ck-menu-toggle:checked) .ck-nav { display: flex; }
  .ck-header .ck-nav a[aria-current] { border-bottom: none; border-left: 3px solid #f9a825; padding-left: 8px; }
  .ck-mastery { grid-template-columns: 1fr 60px; }
  .ck-mastery .ck-bar { grid-column: 1 / span 2; grid-row: 2; }
  /* an item's client card: long labels wrap so that values (an 18-digit ID number) show whole */
  .ck-card th { white-space: normal !important; }
  .ck-card td { overflow-wrap: normal; word-break: normal; }  /* CJK still wraps; an ID number stays whole */
}
</style>
"""
