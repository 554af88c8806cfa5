"""The teacher's role on the class's JupyterHub: sees, never enters. One list, for the hub on one server
(classroom/jupyterhub_config.py) and on Kubernetes (classroom/kubernetes/values.yaml, hub.loadRoles.teacher; a
test checks they agree).

JupyterHub's admin role holds `access:servers`, which opens every learner's JupyterLab (their notebooks, files,
kernels and terminals), and `admin:users`, which renames accounts (a renamed account starts its servers as another
system user) and `tokens` (act as a learner). So the teacher is no admin, and has only:
"""
TEACHER_SCOPES = [
    "admin-ui",      # the hub's Admin page
    "list:users",    # who is in the class
    "read:users",    # their names, last activity and servers' state
    "read:servers",  # whose server runs
    "servers",       # start and stop a learner's server (it runs as the learner, never as the teacher)
]
