"""The story store on the database: the live pipeline's (and replay's) clustering state.

Every method costs a bounded number of indexed queries: candidate lookups read at most
``scan`` posting rows per term through the ``(term, -id)`` index, so the cost per
article stays flat however many articles are stored. The store is a unit of work:
the caller must call ``flush()`` (or use the store as a context manager) before
committing.

One module per job:

* ``store``       -- ``DatabaseStoryStore``, the ``StoryStore`` protocol;
* ``unit``        -- the unit of work: cached rows, buffered writes, ``flush``;
* ``rows``        -- clusterer states <-> table rows;
* ``postings``    -- the term posting lists (bounded newest-first scans, appends);
* ``frequencies`` -- document frequencies for IDF;
* ``sql``         -- plain SQL on Django's connection, values adapted by model fields.

Modules import each other relatively, so a benchmark can load an older copy of the
package side by side with this one.
"""

from .store import DatabaseStoryStore

__all__ = ["DatabaseStoryStore"]
