"""nbgrader's view of the kit: masters in assignments/, student releases in release/."""

import os

c = get_config()

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.source_directory = "assignments"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db")

# Release builds must be reproducible: no timestamps or run outputs in what students get.
c.ClearOutput.enabled = True
c.GenerateAssignment.create_assignment = True
# The autograder cells call the kit's hidden graders; give them time on slow machines.
c.ExecutePreprocessor.timeout = 300

# Formgrader renders each student's notebook with nbconvert's HTMLExporter in the instructor's browser:
# sanitise the HTML of markdown cells (free-response answers) and outputs, so a student's <script>,
# event handler or javascript: link is not run there (tests/test_hostile_class.py).
c.HTMLExporter.sanitize_html = True
# nbgrader's formgrade template leaves markdown unsanitised: the kit's kit_formgrade extends it with clean_html.
try:
    from nbgrader.server_extensions.formgrader.handlers import template_path as _nbgrader_templates

    c.HTMLExporter.template_name = "kit_formgrade"
    c.HTMLExporter.extra_template_basedirs = [
        os.path.join(c.CourseDirectory.root, "autograder", "course", "formgrader_templates"),
        _nbgrader_templates,
    ]
    c.HTMLExporter.extra_template_paths = [_nbgrader_templates]  # where 'formgrade/index.html.j2' is found
except ImportError:  # nbgrader without its formgrader: nothing to configure
    pass
