LIST {{location}}
