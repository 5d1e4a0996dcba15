package patch

// SamePatchBothEncoders is samePatchBothEncoders for the external tests (the golden
// cases come from mutatorstest, which imports this package).
var SamePatchBothEncoders = samePatchBothEncoders
