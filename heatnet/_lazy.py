"""Names a package binds on first use (PEP 562): the public API of ``heatnet`` and ``heatnet.studies``.

Standard library only: ``import heatnet`` and the command line's help stay light.
"""

import importlib


def lazy_names(package, namespace, api):
    """``__getattr__`` and ``__dir__`` for ``package`` whose module dict is ``namespace``: each name of
    ``api`` (name -> module defining it) is imported from its module when first read, then bound."""

    def __getattr__(name):
        module = api.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__():
        return sorted(set(namespace) | set(api))

    return __getattr__, __dir__
