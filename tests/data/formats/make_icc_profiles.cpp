// Writes the ICC profiles the ICC JPEG test files are converted to, built with LittleCMS (Debian
// liblcms2-dev) from their published primaries, white points and transfer curves:
//   adobe_rgb.icc    Adobe RGB (1998): D65, gamma 563/256
//   display_p3.icc   Display P3: D65, P3 primaries, the sRGB curve
//   prophoto.icc     ProPhoto RGB (ROMM): D50, gamma 1.8
//   gray_22.icc      gray, D65, gamma 2.2
//   cmyk_simple.icc  an output-class CMYK profile (AToB0 and 9- and 11-point CLUTs) of a plain ink model:
//                    RGB = (1-C)(1-K), (1-M)(1-K), (1-Y)(1-K) as sRGB; BToA0 the inverse with K = 1 - max(RGB)
// Build and run: g++ make_icc_profiles.cpp -llcms2 -o /tmp/mkicc && /tmp/mkicc OUTDIR (make_jpegs.sh does).
#include <lcms2.h>

#include <cstdio>
#include <string>

static bool save(cmsHPROFILE p, const char* description, const std::string& path) {
  cmsMLU* mlu = cmsMLUalloc(nullptr, 1);
  cmsMLUsetASCII(mlu, "en", "US", description);
  cmsWriteTag(p, cmsSigProfileDescriptionTag, mlu);
  cmsMLUfree(mlu);
  cmsSetProfileVersion(p, 2.1);
  const bool ok = cmsSaveProfileToFile(p, path.c_str());
  cmsCloseProfile(p);
  return ok;
}

// CLUT samplers (lcms2 calls them for every grid point; values are 0..65535).
static int cmyk_to_lab(const cmsUInt16Number in[], cmsUInt16Number out[], void* xform) {
  const double k1 = 1.0 - in[3] / 65535.0;
  const cmsUInt16Number rgb[3] = {static_cast<cmsUInt16Number>((1.0 - in[0] / 65535.0) * k1 * 65535.0 + 0.5),
                                  static_cast<cmsUInt16Number>((1.0 - in[1] / 65535.0) * k1 * 65535.0 + 0.5),
                                  static_cast<cmsUInt16Number>((1.0 - in[2] / 65535.0) * k1 * 65535.0 + 0.5)};
  cmsDoTransform(static_cast<cmsHTRANSFORM*>(xform)[0], rgb, out, 1);
  return 1;
}
static int lab_to_cmyk(const cmsUInt16Number in[], cmsUInt16Number out[], void* xform) {
  cmsUInt16Number rgb[3];
  cmsDoTransform(static_cast<cmsHTRANSFORM*>(xform)[1], in, rgb, 1);
  const double r = rgb[0] / 65535.0, g = rgb[1] / 65535.0, b = rgb[2] / 65535.0;
  const double mx = r > g ? (r > b ? r : b) : (g > b ? g : b);
  const double k = 1.0 - mx;
  auto ink = [&](double v) { return static_cast<cmsUInt16Number>(mx > 0 ? (1.0 - v / mx) * 65535.0 + 0.5 : 0); };
  out[0] = ink(r), out[1] = ink(g), out[2] = ink(b);
  out[3] = static_cast<cmsUInt16Number>(k * 65535.0 + 0.5);
  return 1;
}

static cmsHPROFILE make_cmyk_profile() {
  cmsHPROFILE srgb = cmsCreate_sRGBProfile(), lab = cmsCreateLab4Profile(nullptr);
  cmsHTRANSFORM xf[2] = {cmsCreateTransform(srgb, TYPE_RGB_16, lab, TYPE_Lab_16, INTENT_RELATIVE_COLORIMETRIC, 0),
                         cmsCreateTransform(lab, TYPE_Lab_16, srgb, TYPE_RGB_16, INTENT_RELATIVE_COLORIMETRIC, 0)};
  cmsHPROFILE p = cmsCreateProfilePlaceholder(nullptr);
  cmsSetDeviceClass(p, cmsSigOutputClass);
  cmsSetColorSpace(p, cmsSigCmykData);
  cmsSetPCS(p, cmsSigLabData);
  cmsWriteTag(p, cmsSigMediaWhitePointTag, cmsD50_XYZ());
  cmsPipeline* a2b = cmsPipelineAlloc(nullptr, 4, 3);
  cmsStage* clut = cmsStageAllocCLut16bit(nullptr, 9, 4, 3, nullptr);
  cmsStageSampleCLut16bit(clut, cmyk_to_lab, xf, 0);
  cmsPipelineInsertStage(a2b, cmsAT_END, clut);
  cmsWriteTag(p, cmsSigAToB0Tag, a2b);
  cmsPipeline* b2a = cmsPipelineAlloc(nullptr, 3, 4);
  cmsStage* clut2 = cmsStageAllocCLut16bit(nullptr, 11, 3, 4, nullptr);
  cmsStageSampleCLut16bit(clut2, lab_to_cmyk, xf, 0);
  cmsPipelineInsertStage(b2a, cmsAT_END, clut2);
  cmsWriteTag(p, cmsSigBToA0Tag, b2a);
  cmsPipelineFree(a2b), cmsPipelineFree(b2a);
  cmsDeleteTransform(xf[0]), cmsDeleteTransform(xf[1]);
  cmsCloseProfile(srgb), cmsCloseProfile(lab);
  return p;
}

int main(int argc, char** argv) {
  if (argc != 2) return std::fprintf(stderr, "usage: %s OUTDIR\n", argv[0]), 2;
  const std::string dir = argv[1];
  cmsCIExyY d65, d50;
  cmsWhitePointFromTemp(&d65, 6504);
  d65.x = 0.3127, d65.y = 0.3290, d65.Y = 1.0;
  d50.x = 0.3457, d50.y = 0.3585, d50.Y = 1.0;

  cmsToneCurve* g22 = cmsBuildGamma(nullptr, 563.0 / 256.0);
  cmsToneCurve* adobe_curves[3] = {g22, g22, g22};
  const cmsCIExyYTRIPLE adobe = {{0.64, 0.33, 1}, {0.21, 0.71, 1}, {0.15, 0.06, 1}};
  bool ok = save(cmsCreateRGBProfile(&d65, &adobe, adobe_curves), "Adobe RGB (1998) compatible", dir + "/adobe_rgb.icc");

  const double srgb_params[5] = {2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045};
  cmsToneCurve* srgb_curve = cmsBuildParametricToneCurve(nullptr, 4, srgb_params);
  cmsToneCurve* p3_curves[3] = {srgb_curve, srgb_curve, srgb_curve};
  const cmsCIExyYTRIPLE p3 = {{0.680, 0.320, 1}, {0.265, 0.690, 1}, {0.150, 0.060, 1}};
  ok &= save(cmsCreateRGBProfile(&d65, &p3, p3_curves), "Display P3 compatible", dir + "/display_p3.icc");

  cmsToneCurve* g18 = cmsBuildGamma(nullptr, 1.8);
  cmsToneCurve* romm_curves[3] = {g18, g18, g18};
  const cmsCIExyYTRIPLE romm = {{0.7347, 0.2653, 1}, {0.1596, 0.8404, 1}, {0.0366, 0.0001, 1}};
  ok &= save(cmsCreateRGBProfile(&d50, &romm, romm_curves), "ProPhoto RGB compatible", dir + "/prophoto.icc");

  ok &= save(cmsCreateGrayProfile(&d65, g22), "Gray gamma 2.2", dir + "/gray_22.icc");
  ok &= save(make_cmyk_profile(), "Simple CMYK ink model", dir + "/cmyk_simple.icc");
  cmsFreeToneCurve(g22), cmsFreeToneCurve(srgb_curve), cmsFreeToneCurve(g18);
  return ok ? 0 : 1;
}
