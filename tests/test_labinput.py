"""A planner's slips in a cell read as meant (issue 26 #9): IME quotes, full-width digits, true/false."""
import subprocess
import sys
from pathlib import Path

from analysis import labinput

ROOT = Path(__file__).resolve().parents[1]


def test_ime_quotes_and_full_width_digits_are_read_as_ascii_only_when_the_cell_would_not_compile():
    src, notes = labinput.read_as_meant('period = “2025-06”\ntolerance_pp = １.５\n')
    assert src == 'period = "2025-06"\ntolerance_pp = 1.5\n' and notes == ["中文引号或全角数字已按英文半角读取"]
    kept = 'title = "他说“好”"\n'                       # compiles: a quote inside a string stays as typed
    assert labinput.read_as_meant(kept) == (kept, [])


def test_true_and_false_in_an_assignment_are_read_as_python_booleans():
    src, notes = labinput.read_as_meant("show_info = true  # 显示提示\nx = truely\nachieved_full: bool = false")
    assert src == "show_info = True  # 显示提示\nx = truely\nachieved_full: bool = False"
    assert notes == ["true/false 已按 True/False 读取"]


def test_a_kernel_started_as_make_lab_starts_it_reads_a_parameters_cell_with_ime_quotes(tmp_path):
    """IPython started with IPYTHONDIR pointing at (a copy of) lab/ipython, as the Makefile starts JupyterLab and
    Voilà: its start-up file registers the transformer before the first cell."""
    import shutil

    shutil.copytree(ROOT / "lab/ipython", tmp_path / "ipython")
    cell = tmp_path / "cell.py"
    cell.write_text('period = “2025-06”\nshow_info = true\nprint(repr(period), show_info)\n', encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "IPython", "--no-banner", "--colors=NoColor", "-c",
                          f"get_ipython().run_cell(open(r'{cell}', encoding='utf-8').read())"],
                         capture_output=True, text=True, timeout=120,
                         env={"IPYTHONDIR": str(tmp_path / "ipython"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert "提示：中文引号或全角数字已按英文半角读取；true/false 已按 True/False 读取。" in out.stdout, out.stderr
    assert "'2025-06' True" in out.stdout
    assert "SyntaxError" not in out.stdout + out.stderr and "NameError" not in out.stdout + out.stderr


def test_a_widget_state_of_the_wrong_type_or_range_from_the_page_is_refused_in_chinese():
    """Issue 26 #3: a comm update with a wrong type raised an English TraitError no cell showed, and a number
    out of range was clamped silently."""
    import ipywidgets as w

    from analysis.explorer import guarded

    said = []
    slider = guarded(w.FloatSlider, said.append)(value=0.15, min=-0.5, max=2.0, description="规上营收增速（%）")
    slider.set_state({"value": "abc"})
    assert slider.value == 0.15 and said[-1] == "规上营收增速（%）收到无法使用的值 'abc'，已保持原值"
    slider.set_state({"value": 15})
    assert slider.value == 0.15 and said[-1] == "规上营收增速（%）收到超出范围的值 15（应在 -0.5–2 之间），已保持原值"
    slider.set_state({"value": 0.25})
    assert slider.value == 0.25 and len(said) == 2
    box = guarded(w.Dropdown, said.append)(options=[("甲", "a")], value="a", description="对比情景")
    box.set_state({"index": 7})
    assert box.value == "a" and said[-1].startswith("对比情景收到无法使用的值")
