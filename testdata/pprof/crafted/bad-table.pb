
2oops2samples2count