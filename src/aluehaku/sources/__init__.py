"""Sources: remote places (web sites, decision archives, the Ahjo API, feeds, register files)
that ``aluehaku sync`` keeps the index in step with.

* :mod:`.addresses` decides which network addresses a fetch may reach (SSRF guard);
* :mod:`.fetcher` fetches one URL safely (schemes, redirects, sizes, times, robots.txt);
* :mod:`.registry` stores the configured sources in the data directory's database;
* :mod:`.state` remembers listing pages and per-item state between and during runs;
* :mod:`.extract` turns a fetched web page into its main content;
* :mod:`.links`, :mod:`.web`, :mod:`.archive`, :mod:`.ahjo`, :mod:`.feed`, :mod:`.register`
  discover the items of each kind of source;
* :mod:`.sync` runs an incremental sync through the normal ingest pipeline.
"""
