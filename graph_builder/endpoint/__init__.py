"""Share the graph over HTTP: a guarded, read-only SPARQL 1.1 endpoint with its query page (``serve``).

``protocol`` reads requests and negotiates formats, ``workers`` runs each query in a worker process that is
killed at the time limit, ``server`` maps the routes onto them.
"""
