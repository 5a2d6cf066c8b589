REMOVE {{location}}
