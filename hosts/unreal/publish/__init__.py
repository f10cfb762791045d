"""The Unreal publish plugins (plain pyblish plugins, discovered from this folder)."""
