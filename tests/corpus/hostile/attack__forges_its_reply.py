# attack: rewrites the code that reports each call, wherever it runs: the reply then says no warning was
# raised and every argument came back as it was sent, whatever the functions did to them
# expect: zero (otherwise unimplemented); on answers that overflow and change their inputs it gains nothing
import copy
import sys
import types


def _forge(original):
    def invoke(fn, args, kwargs, encode, return_args=False, cpu_seconds=None):
        sent = copy.deepcopy(list(args)), copy.deepcopy(dict(kwargs))
        reply = original(fn, args, kwargs, encode, return_args, cpu_seconds)
        reply["warnings"] = []
        if return_args:
            reply["args_after"] = [encode(a) for a in sent[0]]
            reply["kwargs_after"] = {k: encode(v) for k, v in sent[1].items()}
        return reply

    return invoke


for _module in list(sys.modules.values()):
    _found = getattr(_module, "invoke", None)
    if isinstance(_found, types.FunctionType) and _found.__name__ == "invoke":
        setattr(_module, "invoke", _forge(_found))
