"""What we know about an elder: the input of the entitlement engine, the API and the chat actions.

Every field is optional and ``None`` means *unknown*, which is not the same as "no": a rule that needs an
unknown field answers ``need_info``, never ``not_eligible``. The Chinese wording of each field and value lives
in data (``knowledge/schema/benefits.json`` → ``$defs/profile``); tests check that this model matches it.
"""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, Field, validator

Disability = Literal["none", "mild", "moderate", "severe"]
Economic = Literal["none", "hardship", "dibao_edge", "dibao", "tekun"]
TekunMode = Literal["dispersed", "centralized"]
Living = Literal["with_family", "alone", "empty_nest"]

MAX_AGE = 130


class Profile(BaseModel):
    """An elder's situation. Unknown fields stay ``None``; extra fields are rejected (a typo must not be
    silently read as "unknown")."""

    region: Optional[str] = Field(
        None, max_length=40, description="City code or name: haikou, sanya, 三亚, wenzhou, changji…")
    age: Optional[int] = Field(None, ge=0, le=MAX_AGE, description="年龄（周岁）")
    hukou_local: Optional[bool] = Field(None, description="户籍在本市")
    resides_local: Optional[bool] = Field(None, description="居住在本市")
    rural: Optional[bool] = Field(None, description="农村老年人（否 = 城市/城镇）")
    disability: Optional[Disability] = Field(
        None, description="失能失智程度（能力评估结果）；半失能 = mild 或 moderate")
    disabled_cert_grade: Optional[int] = Field(
        None, ge=0, le=4, description="残疾证等级 1–4；0 = 没有残疾证")
    economic: Optional[Economic] = Field(
        None, description="none 无经济困难 / hardship 经济困难 / dibao_edge 低保边缘 / dibao 低保 / "
                          "tekun 特困")
    tekun_mode: Optional[TekunMode] = Field(
        None, description="特困供养方式：dispersed 分散 / centralized 集中")
    living: Optional[Living] = Field(
        None, description="with_family 与家人同住 / alone 独居 / empty_nest 空巢")
    left_behind: Optional[bool] = Field(None, description="留守老年人")
    family_planning_special: Optional[bool] = Field(None, description="计划生育特殊家庭")
    priority_care_family: Optional[bool] = Field(
        None, description="重点优抚对象或其家庭成员（含现役军人家属，烈士、因公牺牲、病故军人遗属）")
    organ_donor_family: Optional[bool] = Field(None, description="人体器官捐献人家庭成员")
    supporter_unable: Optional[bool] = Field(None, description="赡养人死亡或者伤病残无力赡养")
    no_caregiver: Optional[bool] = Field(None, description="事实无人照护")
    lives_with_severely_disabled_child: Optional[bool] = Field(None, description="与重度残疾子女共同居住")
    homeless: Optional[bool] = Field(None, description="生活无着的流浪、乞讨人员")
    willing_institution: Optional[bool] = Field(None, description="愿意集中供养/入住机构")
    seriously_ill: Optional[bool] = Field(None, description="重病")

    class Config:
        extra = "forbid"
        validate_assignment = True
        anystr_strip_whitespace = True

    @validator("age", "disabled_cert_grade", pre=True)
    def _whole_number(cls, value: Any) -> Any:  # noqa: N805 - pydantic validator signature
        # pydantic v1 would turn True into 1 and 70.5 into 70; neither is a valid age or grade.
        if isinstance(value, bool):
            raise ValueError("must be a whole number, not true/false")
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError("must be a whole number")
            return int(value)
        return value

    @validator("region")
    def _region_not_blank(cls, value: Optional[str]) -> Optional[str]:  # noqa: N805
        return value or None

    @validator("tekun_mode")
    def _tekun_mode_needs_tekun(cls, mode: Optional[str], values: dict[str, Any]) -> Optional[str]:  # noqa: N805
        # 供养方式 only exists for 特困人员; a mode with another economic status is a contradiction.
        # (economic is declared before tekun_mode, so it is already validated here.)
        economic = values.get("economic")
        if mode is not None and economic not in (None, "tekun"):
            raise ValueError(f"only meaningful when economic is 'tekun' (got '{economic}')")
        return mode

    def known(self) -> dict[str, Any]:
        """The fields that are known (not None)."""
        return {k: v for k, v in self.__dict__.items() if v is not None}


PROFILE_FIELDS: tuple[str, ...] = tuple(Profile.__fields__)


def parse_profile(data: Any) -> Profile:
    """A validated :class:`Profile` from a mapping (or a Profile, returned as is). Raises
    ``pydantic.ValidationError`` naming the bad field."""
    return data if isinstance(data, Profile) else Profile.parse_obj(data)
