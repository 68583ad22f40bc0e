// svg.js - the script embedded into every stackkit flame graph.
