"""The change feed's pages judged against the cursor the station holds: a page that goes back is never applied.

The wire model checks a page alone (its changes in increasing cursor order); only the station knows which cursor it
asked from. A central store restored from a backup, a bug or a man in the middle may answer changes the station has
already applied (an old status would come back: a résiliation undone) or `more` without moving (the station would
ask again forever). Both are refused before anything is written: the cursor never goes back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.sync.wire import ChangesPage

MAX_PAGES = 100  # pages pulled in one sync at most (50,000 changes at the client's 500): the rest at the next sync


class FeedOutOfOrder(ValueError):
    """A page of the change feed does not follow the station's cursor; the text names cursors only (for logs)."""


def check_page(page: ChangesPage, since: int) -> None:
    """Raise FeedOutOfOrder unless every change of `page` comes after `since` and its next cursor moves on."""
    if page.changes and page.changes[0].cursor <= since:  # the wire model holds them in increasing order
        raise FeedOutOfOrder(f"change at cursor {page.changes[0].cursor} after asking since {since}")
    if page.next_cursor < since:
        raise FeedOutOfOrder(f"next cursor {page.next_cursor} before {since}")
    if page.changes and page.next_cursor < page.changes[-1].cursor:
        raise FeedOutOfOrder(f"next cursor {page.next_cursor} behind its last change {page.changes[-1].cursor}")
    if page.more and page.next_cursor <= since:
        raise FeedOutOfOrder(f"more changes announced without moving from {since}")
