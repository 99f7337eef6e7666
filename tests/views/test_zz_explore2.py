import pytest
from datetime import date
from test_accessibility import _context, _window
from desktop.views.procurations.establish import EstablishPage
from desktop.views import translations
from desktop.views.kit.announce import listen

@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("scale", [100, 200])
def test_explore(qtbot, tmp_path, themed, lang, scale):
    translations.install(lang)
    events = []
    stop = listen(events.append)
    try:
        themed(text_scale_percent=scale)
        ctx = _context(tmp_path, "consulat")
        try:
            win = _window(qtbot, ctx, (1366, 900) if scale == 200 else (1024, 768))
            win.show_section("etablir")
            page = win.stack.currentWidget()
            assert isinstance(page, EstablishPage)
            qtbot.wait(50)
            page.identity.set_person("MARTIN", "Claire Marie", date(1990, 1, 15), "204512873", None)
            page.m_nne.setText("19374652")
            page.mandataire.protected.setChecked(True)
            qtbot.wait(800)
            qtbot.waitUntil(lambda: not page.runner.busy)
            print([e.message() for e in events])
            print("list err:", page.fields["mandant.list_kind"].error_text)
            page._scroll.ensureWidgetVisible(page.mandataire.relation, 50, 200)
            qtbot.wait(50)
            from PySide6.QtCore import QPoint
            vw = page._scroll.viewport().width()
            form = page._scroll.widget()
            from PySide6.QtWidgets import QWidget
            wide = []
            for w in form.findChildren(QWidget):
                if not w.isVisible(): continue
                right = w.mapTo(form, QPoint(w.width(), 0)).x()
                if right > vw + 1 and w.minimumSizeHint().width() > 0:
                    wide.append((w.minimumSizeHint().width(), type(w).__name__, (w.accessibleName() or getattr(w, 'text', lambda: '')())[:50]))
            print('vw', vw, sorted(wide)[-8:])
            y = page.mandataire.protected.mapTo(form, QPoint(0, 0)).y()
            page._scroll.verticalScrollBar().setValue(y - 200)
            qtbot.wait(50)
            print("scroll", y, page._scroll.verticalScrollBar().value(), page._scroll.verticalScrollBar().maximum())
            page._scroll.grab().save(f"/tmp/a11y_new/etablir-consulat-protection-{lang}-{scale}.png")
            page.identity.list_kind.setFocus()
            qtbot.wait(50)
            win.grab().save(f"/tmp/a11y_new/etablir-consulat-list-{lang}-{scale}.png")
            print("hscroll", page._scroll.horizontalScrollBar().maximum(), page.page_scroll.horizontalScrollBar().maximum())
        finally:
            ctx.close()
    finally:
        stop()
        translations.install("fr")
