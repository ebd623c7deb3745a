# Read IME quotes, full-width digits and true/false in a planner's cells as meant (analysis.labinput).
# Used by `make lab` and `make explore`, which start JupyterLab and Voilà with IPYTHONDIR=lab/ipython.
try:
    from analysis.labinput import register

    register()
except ImportError:  # the package not installed in this kernel: nothing to add
    pass
