UPDATE {{table}} SET fence = {{fence}}
WHERE materialization = {{materialization}} AND key_begin = {{keyBegin}} AND key_end = {{keyEnd}} AND target = ''
